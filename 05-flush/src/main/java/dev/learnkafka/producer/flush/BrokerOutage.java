package dev.learnkafka.producer.flush;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.run.TutorialBroker;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under the hood of the blog's experiment (docs/05-flush-under-the-hood.md): a broker that stops answering once
 * the producer is fully ready. The run's own embedded broker is stopped here; a broker of the reader's is stopped
 * by the reader, and the run waits until it no longer answers ({@link TutorialBroker#answers(String)}, the probe
 * the run contract uses).
 */
final class BrokerOutage {
    private static final Logger log = LoggerFactory.getLogger(BrokerOutage.class);
    static final Duration WAIT_FOR_BROKER_TO_STOP = Duration.ofSeconds(120);

    private BrokerOutage() {
    }

    /**
     * Delivers the ready-check record through {@code unwatched} (the producer the run contract does not count, so
     * it is not one of the N messages), then makes the broker stop answering. False when it never stopped.
     */
    static boolean begin(TutorialBroker broker, Producer<String, String> unwatched, String topic) throws Exception {
        sendReadyCheck(unwatched, topic);
        if (broker.isEmbedded()) {
            broker.stop();
            log.info("Stopped the embedded broker: nothing answers at {} any more.", broker.bootstrapServers());
            return true;
        }
        log.info("Ready: now stop the broker at {} (Ctrl-C in its terminal). The run goes on once it no longer "
                + "answers (waiting up to {} s).", broker.bootstrapServers(), WAIT_FOR_BROKER_TO_STOP.toSeconds());
        if (!awaitSilence(broker.bootstrapServers(), WAIT_FOR_BROKER_TO_STOP)) {
            log.error("The broker at {} still answers after {} s; run again and stop it when asked, or leave out "
                    + "--broker stop.", broker.bootstrapServers(), WAIT_FOR_BROKER_TO_STOP.toSeconds());
            return false;
        }
        log.info("The broker at {} no longer answers.", broker.bootstrapServers());
        return true;
    }

    // tag::ready-check[]
    /**
     * Sends one record and waits for it. Before a broker goes away on purpose, the producer must be fully ready:
     * metadata (partitionsFor) and, since the producer is idempotent by default, its producer id. Without the id,
     * the producer's I/O thread keeps asking for one and expires nothing: its records would wait, and close()
     * with them, until a broker answers again. A delivered record is the public proof that the id is there.
     */
    static RecordMetadata sendReadyCheck(Producer<String, String> producer, String topic) throws Exception {
        RecordMetadata written = producer.send(new ProducerRecord<>(topic, "ready-check")).get(15, TimeUnit.SECONDS);
        log.info("Delivered ready-check to {} partition {} at offset {}: the producer has its producer id.",
                written.topic(), written.partition(), written.offset());
        return written;
    }
    // end::ready-check[]

    /** Waits until nothing accepts connections at {@code servers}; false when something still does at the end. */
    static boolean awaitSilence(String servers, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (TutorialBroker.answers(servers)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return true;
    }
}
