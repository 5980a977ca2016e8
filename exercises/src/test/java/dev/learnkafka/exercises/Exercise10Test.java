package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;
import static dev.learnkafka.exercises.Feedback.within;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.producer.flush.FlushReport;
import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A broker no other test uses meanwhile ({@link OwnBroker}), because the check stops it: then no flush can
 * complete, and each ends by its timeout.
 */
@KafkaTest
@ExtendWith(OwnBroker.Resolver.class)
@ResourceLock(OwnBroker.LOCK)
@Exercise(number = 10, title = "flushes that time out in waves, predicted from the thread count",
        page = "10-flush-waves.md")
@Timeout(60)
class Exercise10Test {
    private static final int FLUSHES = 5;
    private static final int THREADS = 2;
    private static final Duration TIMEOUT = Duration.ofMillis(800);
    /** How far a measured end may be from the prediction on a loaded 2-core machine. */
    private static final long SLACK_MS = 600;

    @Test
    void shouldPredictTheWavesItMeasures(@OwnBroker LocalKafka kafka) throws Exception {
        FlushWaves waves = Exercises.implementation(FlushWaves.class);
        List<Duration> predicted = waves.predictEnds(FLUSHES, THREADS, TIMEOUT);
        List<Duration> expected = List.of(TIMEOUT, TIMEOUT, TIMEOUT.multipliedBy(2), TIMEOUT.multipliedBy(2),
                TIMEOUT.multipliedBy(3));
        check(expected.equals(predicted), "predictEnds(5 flushes, 2 threads, 800 ms) = " + millis(expected),
                "you predicted " + (predicted == null ? "null" : millis(predicted)),
                "2 workers take the first 2 flushes; the others wait in the queue, and a flush's timeout starts"
                        + " when a worker takes it up, not when it was asked for.");

        kafka.createTopic("waves", 1, 1);
        Properties props = Exercises.settings(kafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 60_000); // held in the producer until a flush
        // stage 05 flushes stage 02's polling producer: the reports a flush waits for reach its listeners
        var producer = PollingProducer.wrap(new KafkaProducer<String, String>(props)).build();
        try {
            producer.partitionsFor("waves");
            producer.send(new ProducerRecord<>("waves", "v"), "opaque::1");
            kafka.stop(); // on purpose: nothing can be acknowledged now, every flush runs into its timeout

            List<FlushReport> reports = within(Duration.ofSeconds(6), "flushAtOnce(producer, 5, 2, 800 ms)",
                    "the pool ends every flush by its timeout (3 waves of 800 ms): wait for the callbacks, not for"
                            + " the producer; and ask for all flushes before waiting for any.",
                    () -> waves.flushAtOnce(producer, FLUSHES, THREADS, TIMEOUT));
            check(reports != null && reports.size() == FLUSHES, "5 reports, in the order the flushes were asked for",
                    reports == null ? "null" : reports.size() + " reports",
                    "keep each callback's report at its flush's index, and wait for all 5.");
            check(reports.stream().allMatch(FlushReport::timedOut), "every flush TIMED_OUT (the broker is stopped)",
                    "outcomes " + reports.stream().map(FlushReport::outcome).toList(),
                    "ask FlushPool for the flushes while the records are still unacknowledged.");
            // measured from when a worker took up the first flush, not from the requests: the pool's threads
            // start first, and on a loaded machine that took 474 ms once (ends at 1274, 1416, 2219, ... ms)
            long firstStart = reports.get(0).startedNanos();
            List<Long> measured = reports.stream().map(r -> r.endedMs(firstStart)).toList();
            for (int i = 0; i < FLUSHES; i++) {
                long want = expected.get(i).toMillis();
                check(Math.abs(measured.get(i) - want) <= SLACK_MS,
                        "flush " + (i + 1) + " ends about " + want + " ms after the first flush started (±" + SLACK_MS
                                + ")",
                        "ends measured at " + measured + " ms",
                        "ask for all 5 at once (flush(timeout, callback) returns at once); asking for one after the"
                                + " other ended serializes the waves.");
            }
        } finally {
            producer.close(Duration.ZERO); // the record can never be delivered here: fail it now, not in 2 min
        }
    }

    private static List<Long> millis(List<Duration> durations) {
        return durations.stream().map(Duration::toMillis).toList();
    }
}
