package dev.learnkafka.run;

/** The exit codes every stage's main keeps (see "What every run promises" in docs/running.md). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    /** Bad usage or configuration. */
    public static final int USAGE = 2;
    /** Ctrl-C (SIGINT) or SIGTERM, after the summary (128 + SIGINT's number 2, as shells say). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
