package dev.learnkafka.producer.highlevel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stage 01's send loop (the blog's {@code produce(..., cb)}), which stage 04 sends with too. */
public final class ValueSender {
    private static final Logger log = LoggerFactory.getLogger(ValueSender.class);

    private ValueSender() {
    }

    /**
     * Sends value-1..value-N with a null key and the current time, each with a callback that logs where the
     * message landed. Returns the callbacks' reports; the list fills up as the callbacks run.
     */
    public static List<Delivery> send(Producer<String, String> producer, String topic, int messages) {
        List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
        // tag::send[]
        for (int i = 1; i <= messages; i++) {
            String value = "value-" + i;
            // partition null: the producer's partitioner picks one.
            // key null: NOT round robin, as the blog's comment says: the Java client sticks to one partition
            // (Kafka 2.4, KIP-480) and moves on after batch.size bytes (3.3, KIP-794). Equal keys, one partition.
            ProducerRecord<String, String> record =
                    new ProducerRecord<>(topic, null, System.currentTimeMillis(), null, value);
            // send() only appends to a buffer and returns; the callback runs later on the producer's I/O thread
            // (at once on this thread if send() itself fails: too large, no metadata within max.block.ms)
            producer.send(record, (metadata, exception) -> {
                deliveries.add(new Delivery(value, metadata, exception));
                if (exception != null) {
                    log.error("Could not deliver {}: {}", value, exception.toString());
                } else {
                    log.info("Delivered {} to {} partition {} at offset {}", value, metadata.topic(),
                            metadata.partition(), metadata.offset());
                }
            });
        }
        // end::send[]
        return deliveries;
    }
}
