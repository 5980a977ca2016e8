package dev.learnkafka.producer.highlevel;

import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What a send's {@code Callback} reported for one message: where it was written, or why it was not.
 *
 * @param value    the message's value, to tell the reports apart
 * @param metadata topic, partition, offset and timestamp; present whether or not the send failed
 * @param error    null when the message was written
 */
public record Delivery(String value, RecordMetadata metadata, Exception error) {
    public boolean delivered() {
        return error == null;
    }
}
