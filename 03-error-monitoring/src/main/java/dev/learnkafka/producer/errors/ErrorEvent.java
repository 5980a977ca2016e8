package dev.learnkafka.producer.errors;

import java.time.Instant;

/**
 * One error, as node-rdkafka's {@code event.error} hands it to a listener: what kind, whether the client
 * retries it or it is fatal, a sentence for people, and the exception behind it.
 *
 * @param kind      what went wrong
 * @param retriable the client retries this by itself (librdkafka's {@code isRetriable})
 * @param fatal     this producer cannot go on (librdkafka's {@code isFatal})
 * @param message   a complete sentence saying what happened and what to do
 * @param cause     the exception behind it; null when a metric, not an exception, told
 * @param time      when the monitor saw it
 */
public record ErrorEvent(ErrorKind kind, boolean retriable, boolean fatal, String message, Throwable cause,
                         Instant time) {

    static ErrorEvent of(ErrorKind kind, String message, Throwable cause) {
        return new ErrorEvent(kind, kind.retriable(), kind.fatal(), message, cause, Instant.now());
    }

    /** True for the event that says a lost connection is back. */
    public boolean isRecovery() {
        return kind == ErrorKind.RECOVERED;
    }

    /** One line: kind, retriable/fatal/permanent, message. */
    @Override
    public String toString() {
        String nature = kind == ErrorKind.RECOVERED ? "recovered" : fatal ? "fatal" : retriable ? "retriable" : "permanent";
        return kind + " (" + nature + "): " + message;
    }
}
