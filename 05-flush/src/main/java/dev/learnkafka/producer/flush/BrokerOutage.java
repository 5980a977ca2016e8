package dev.learnkafka.producer.flush;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under the hood of the blog's experiment (docs/05-flush-under-the-hood.md): before a broker stops answering on
 * purpose ({@code --broker stop}), the producer must be fully ready.
 */
final class BrokerOutage {
    private static final Logger log = LoggerFactory.getLogger(BrokerOutage.class);
    /** The run contract counts the run's N messages; a record with this header is not one of them. */
    static final String NOT_COUNTED = "tutorial-not-counted";

    private BrokerOutage() {
    }

    // tag::ready-check[]
    /**
     * Sends one record and waits for it. Before a broker goes away on purpose, the producer must be fully ready:
     * metadata (partitionsFor) and, since the producer is idempotent by default, its producer id. Without the id,
     * the producer's I/O thread keeps asking for one and expires nothing: its records would wait, and close()
     * with them, until a broker answers again. A delivered record is the public proof that the id is there.
     */
    static RecordMetadata sendReadyCheck(Producer<String, String> producer, String topic) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, "ready-check");
        record.headers().add(NOT_COUNTED, new byte[0]); // not one of the N messages of the run's summary
        RecordMetadata written = producer.send(record).get(15, TimeUnit.SECONDS);
        log.info("Delivered ready-check to {} partition {} at offset {}: the producer has its producer id.",
                written.topic(), written.partition(), written.offset());
        return written;
    }
    // end::ready-check[]
}
