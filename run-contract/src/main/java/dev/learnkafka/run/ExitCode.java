package dev.learnkafka.run;

/** The exit codes every stage's main keeps (see "What every run promises" in docs/running.md). */
public final class ExitCode {
    /** Every message was delivered. */
    public static final int OK = 0;
    /** A delivery failed, or the broker could not be reached. */
    public static final int FAILED = 1;
    /** Bad usage or configuration: an unknown option, a bad number, an unreadable config file. */
    public static final int USAGE = 2;
    /** Interrupted: Ctrl-C (SIGINT) or SIGTERM, after the summary (128 + SIGINT's number 2, as shells say). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
