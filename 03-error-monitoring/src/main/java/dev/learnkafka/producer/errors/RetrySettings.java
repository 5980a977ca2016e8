package dev.learnkafka.producer.errors;

import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings that decide what the client retries, for how long, and whether a retry can duplicate a message.
 * The Java client's defaults are the same values except the two timeouts; they are set here on purpose, so that
 * a reader sees them (and their librdkafka names in docs/03-error-monitoring.md).
 */
public final class RetrySettings {
    /** Total time a message may take from send() to its acknowledgement, retries included. */
    public static final int DELIVERY_TIMEOUT_MS = 30_000;
    /** Time one request may wait for a broker's answer before the client gives up on it and retries. */
    public static final int REQUEST_TIMEOUT_MS = 10_000;

    private RetrySettings() {
    }

    /**
     * The retry settings, a layer on top of the settings every stage starts from: pass both to
     * {@code run.settings(...)}, which puts the reader's {@code KAFKA_CLIENT_CONFIG} on top (the tests shorten
     * the timeouts that way).
     */
    public static Properties layer() {
        Properties props = new Properties();
        // tag::retries[]
        // A message counts as delivered only when every in-sync replica has it
        // (librdkafka acks / request.required.acks)
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries can neither duplicate nor reorder messages: the broker drops a batch it already has
        // (librdkafka enable.idempotence; needs acks=all and at most 5 requests in flight per connection)
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Retry a retriable error as often as time allows: time, not a count, bounds retries
        // (librdkafka message.send.max.retries / retries: a count, 2147483647 by default in current librdkafka)
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        // The whole budget of a message, retries included; then its callback gets a TimeoutException
        // (librdkafka message.timeout.ms, default 300000; Java's default is 120000: shorter here, so that a
        // tutorial run ends soon after a broker died)
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        // How long one produce or metadata request may go unanswered before it is retried on a new connection
        // (librdkafka request.timeout.ms, default 30000 as in Java, and socket.timeout.ms, default 60000)
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        // Wait this long before retrying a failed request, so a broker that is electing a leader is not hammered
        // (librdkafka retry.backoff.ms; the default, grows up to retry.backoff.max.ms = 1000)
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        // end::retries[]
        return props;
    }
}
