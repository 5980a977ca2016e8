package dev.learnkafka.run;

/** No broker answers; the message names the address and how to start one. Exit code {@link ExitCode#FAILED}. */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message) {
        super(message);
    }

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
