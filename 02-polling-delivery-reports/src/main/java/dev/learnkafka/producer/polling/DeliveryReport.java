package dev.learnkafka.producer.polling;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What became of one message: node-rdkafka's delivery report. The producer's callback creates it on the
 * producer's I/O thread and puts it on the queue; the application's {@code poll()} hands it to the listeners.
 *
 * @param topic     the topic the message was sent to
 * @param partition the partition it was written to; -1 when the send failed before a partition was chosen
 * @param offset    its offset in that partition; -1 when it was not written
 * @param key       the message's key (may be null)
 * @param value     the message's value when reports carry it ({@code dr_msg_cb}), else null
 * @param opaque    the token given to {@code send}, returned untouched to correlate report and message
 * @param timestamp the message's timestamp (its create time, or the broker's append time if the topic says
 *                  so); -1 when unknown
 * @param error     why the message was not delivered; null when it was
 * @param <K>       key type
 * @param <V>       value type
 */
public record DeliveryReport<K, V>(String topic, int partition, long offset, K key, V value, Object opaque,
                                   long timestamp, Exception error) {

    /**
     * The report for a send's callback: called on the producer's I/O thread, so it only copies fields.
     *
     * @param withValue keep the value in the report ({@code dr_msg_cb: true}); without it the payload is not
     *                  kept alive by a report waiting in the queue
     */
    static <K, V> DeliveryReport<K, V> of(ProducerRecord<K, V> record, Object opaque, boolean withValue,
                                          RecordMetadata metadata, Exception error) {
        // In the Java client a failed send still gets metadata (partition -1 if none was chosen, offset -1)
        int partition = metadata != null ? metadata.partition()
                : record.partition() != null ? record.partition() : -1;
        long offset = metadata != null && metadata.hasOffset() ? metadata.offset() : -1L;
        long timestamp = metadata != null && metadata.hasTimestamp() ? metadata.timestamp()
                : record.timestamp() != null ? record.timestamp() : -1L;
        return new DeliveryReport<>(record.topic(), partition, offset, record.key(),
                withValue ? record.value() : null, opaque, timestamp, error);
    }

    /** True when the message was written; {@link #error()} says why not otherwise. */
    public boolean delivered() {
        return error == null;
    }

    /**
     * The report with all its fields, laid out like the blog's "Sample Delivery report"
     * ({@code JSON.stringify(report, null, '  ')}). Values and keys are shown as text (the blog's were Buffers).
     */
    public String toJson() {
        StringBuilder json = new StringBuilder("{\n");
        field(json, "topic", quote(topic));
        field(json, "partition", String.valueOf(partition));
        field(json, "offset", String.valueOf(offset));
        field(json, "key", quote(key));
        field(json, "opaque", quote(opaque));
        field(json, "timestamp", String.valueOf(timestamp));
        field(json, "value", quote(value));
        json.append("  \"error\": ").append(error == null ? "null" : quote(error.toString())).append("\n}");
        return json.toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
