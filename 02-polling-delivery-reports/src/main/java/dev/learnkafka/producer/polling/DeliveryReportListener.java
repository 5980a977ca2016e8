package dev.learnkafka.producer.polling;

/**
 * Receives delivery reports: the blog's {@code producer.on('delivery-report', (err, report) => ...)}.
 * It runs on the thread that polls (the application's, or the poll-interval thread), never on the producer's
 * I/O thread, so it may take its time without stalling the producer.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface DeliveryReportListener<K, V> {
    /** One report; {@link DeliveryReport#error()} is the blog's {@code err}, null when the message was written. */
    void onDeliveryReport(DeliveryReport<K, V> report);
}
