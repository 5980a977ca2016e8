package dev.learnkafka.broker;

/** A local broker could not be started, stopped or used; the message says why in one sentence. */
public class LocalKafkaException extends RuntimeException {
    public LocalKafkaException(String message) {
        super(message);
    }

    public LocalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
