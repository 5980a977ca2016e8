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

    /** The event for an exception from a send, a callback or a metadata wait: a sentence saying what to do. */
    static ErrorEvent of(ErrorKind kind, Throwable exception, String topic, String servers) {
        String text = switch (kind) {
            case UNKNOWN_TOPIC -> "Topic " + topic + " does not exist at " + servers
                    + " and the broker does not create it (auto.create.topics.enable=false): create it first. "
                    + exception.getMessage();
            case BROKER_UNREACHABLE -> "No broker at " + servers + " gave metadata for topic " + topic + ": "
                    + exception.getMessage();
            case AUTHENTICATION -> "Authentication failed at " + servers + ": " + exception.getMessage()
                    + " Retrying will not help; check sasl.jaas.config / security.protocol.";
            case AUTHORIZATION -> "Not authorised: " + exception.getMessage();
            case BUFFER_EXHAUSTED -> "send() found buffer.memory full for max.block.ms: messages are produced faster "
                    + "than the brokers take them. " + exception.getMessage();
            case BROKER_STORAGE -> "A message to " + topic + " was not delivered: the broker at " + servers
                    + " cannot write to its disk (KAFKA_STORAGE_ERROR; is its disk full?). The client retries until "
                    + "delivery.timeout.ms; only the broker's operator can fix it. " + exception;
            default -> "A message to " + topic + " was not delivered: " + exception;
        };
        return of(kind, text, exception);
    }

    // the sentences of the events the producer's metrics tell (ErrorMonitor decides when)

    static ErrorEvent connectionLost(String servers, double closes) {
        return of(ErrorKind.CONNECTION_LOST, "Lost a connection to a broker of " + servers + " (connection-close-total "
                + (long) closes + "); the client reconnects and retries by itself.", null);
    }

    static ErrorEvent unreachable(String servers, long downMillis, long waiting) {
        return of(ErrorKind.BROKER_UNREACHABLE, "No broker reachable at " + servers + " for " + downMillis
                + " ms while " + messages(waiting) + (waiting == 1 ? " waits" : " wait") + "; the client keeps "
                + "trying until delivery.timeout.ms runs out for each message.", null);
    }

    static ErrorEvent storage(String servers, java.util.List<String> offline) {
        return of(ErrorKind.BROKER_STORAGE, "A broker of " + servers + " cannot write to its disk: "
                + String.join(", ", offline) + (offline.size() == 1 ? " is" : " are") + " offline, so it answers "
                + "every write with KAFKA_STORAGE_ERROR and messages time out (is its disk full?). The client only "
                + "sees timeouts; the broker's describeLogDirs said why. Only its operator can fix it.", null);
    }

    static ErrorEvent recovered(String servers, long downMillis) {
        return of(ErrorKind.RECOVERED, "Connected to " + servers + " again after " + downMillis
                + " ms; waiting messages are sent now.", null);
    }

    static ErrorEvent loginRefused(String servers, double failures) {
        return of(ErrorKind.AUTHENTICATION, "Authentication failed at " + servers + " (failed-authentication-total "
                + (long) failures + "): the broker rejects this client's credentials; check sasl.jaas.config / "
                + "security.protocol. Retrying will not help.", null);
    }

    static ErrorEvent bufferFull(long failedSends, double total) {
        return of(ErrorKind.BUFFER_EXHAUSTED, failedSends + " send() calls found buffer.memory full for max.block.ms "
                + "and failed (buffer-exhausted-total " + (long) total + "): messages are produced faster than the "
                + "brokers take them.", null);
    }

    static ErrorEvent retrying(long resent, double total) {
        return of(ErrorKind.RETRYING, "The client resent " + messages(resent) + " (record-retry-total " + (long) total
                + "), e.g. after NOT_LEADER_OR_FOLLOWER or a timeout; idempotence keeps them from being written "
                + "twice.", null);
    }

    private static String messages(long n) {
        return n == 1 ? "1 message" : n + " messages";
    }

    /** True for the event that says a lost connection is back. */
    public boolean isRecovery() {
        return kind == ErrorKind.RECOVERED;
    }

    /** One line: kind, retriable/fatal/permanent, message. */
    @Override
    public String toString() {
        String nature = isRecovery() ? "recovered" : fatal ? "fatal" : retriable ? "retriable" : "permanent";
        return kind + " (" + nature + "): " + message;
    }
}
