package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;
import static dev.learnkafka.exercises.Feedback.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A broker no other test uses meanwhile, because the check stops it ({@link OwnBroker}). */
@KafkaTest
@ExtendWith(OwnBroker.Resolver.class)
@ResourceLock(OwnBroker.LOCK)
@Exercise(number = 9, title = "a flush that gives up after its timeout", page = "09-bounded-flush.md")
@Timeout(60)
class Exercise9Test {
    private static final Duration TIMEOUT = Duration.ofMillis(1_500);
    /** How late a flush may give up: a generous allowance for a 2-core machine under load. */
    private static final Duration LATE = Duration.ofMillis(1_500);

    @Test
    void shouldGiveUpAfterTheTimeoutAndStillDeliverLater(@OwnBroker LocalKafka kafka) throws Exception {
        kafka.createTopic("flush", 1, 1);
        Properties props = Exercises.settings(kafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 60_000); // nothing leaves before a flush
        BoundedFlush flush = Exercises.implementation(BoundedFlush.class);
        List<RecordMetadata> delivered = Collections.synchronizedList(new ArrayList<>());

        var producer = new KafkaProducer<String, String>(props);
        try {
            producer.partitionsFor("flush");
            Boolean idle = within(Duration.ofSeconds(5), "flushWithin(producer, 10 s) with nothing buffered",
                    "with nothing to send, producer.flush() returns at once.",
                    () -> flush.flushWithin(producer, Duration.ofSeconds(10)));
            check(Boolean.TRUE.equals(idle), "true: nothing was buffered", String.valueOf(idle),
                    "return true when the flush completed within the timeout.");

            // buffered while the broker is up (linger.ms keeps them in the producer), then the broker goes away
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("flush", "v" + i), (m, e) -> {
                    if (e == null) {
                        delivered.add(m);
                    }
                });
            }
            kafka.stop();
            long started = System.nanoTime();
            Boolean gaveUp = within(TIMEOUT.plus(LATE), "flushWithin(producer, 1500 ms) with the broker stopped",
                    "KafkaProducer.flush() has no timeout and waits until the broker is back (or"
                            + " delivery.timeout.ms, 2 min): run it where you can stop waiting for it, and wait at"
                            + " most the timeout.",
                    () -> flush.flushWithin(producer, TIMEOUT));
            long took = Feedback.millisSince(started);
            check(Boolean.FALSE.equals(gaveUp), "false: the broker is stopped, nothing can complete",
                    gaveUp + " after " + took + " ms", "return false when the timeout passed first.");
            check(took >= TIMEOUT.toMillis(), "gives up after the timeout (1500 ms), not before",
                    "returned false after " + took + " ms", "wait the whole timeout for the flush to complete.");

            kafka.start();
            Boolean back = within(Duration.ofSeconds(30), "flushWithin(producer, 20 s) once the broker is back",
                    "the producer reconnects by itself; a flush then completes in about a second.",
                    () -> flush.flushWithin(producer, Duration.ofSeconds(20)));
            check(Boolean.TRUE.equals(back), "true: the broker is back", String.valueOf(back),
                    "a flush that completes within the timeout returns true.");
        } finally {
            // close() would wait for the buffered records for ever while the broker is down (a failed check)
            producer.close(Duration.ofSeconds(2));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() >= 10);
        check(delivered.size() == 10, "all 10 messages delivered once the broker was back",
                delivered.size() + " delivered", "giving up must not drop anything: never close or abort the"
                        + " producer, never clear its buffer; only stop waiting.");
    }
}
