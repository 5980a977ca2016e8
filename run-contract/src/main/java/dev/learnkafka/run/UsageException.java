package dev.learnkafka.run;

/** Bad usage or configuration; the stage prints the message in one line and exits with {@link ExitCode#USAGE}. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
