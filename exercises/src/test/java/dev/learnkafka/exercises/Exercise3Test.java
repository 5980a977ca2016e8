package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;
import static dev.learnkafka.exercises.Feedback.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.learnkafka.exercises.DeliveryTally.Tally;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@KafkaTest
@Exercise(number = 3, title = "count every outcome with callbacks, without blocking", page = "03-delivery-tally.md")
@Timeout(30)
class Exercise3Test {

    @Test
    void shouldReturnBeforeAnyAcknowledgementAndCountEveryOutcomeOnce(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("tally");
        broker.createTopic(topic, 3);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            values.add("value-" + i);
        }
        values.add("x".repeat(2_000_000)); // larger than max.request.size (1 MiB): this one fails

        Properties props = Exercises.settings(broker);
        // nothing leaves the producer until the check flushes: an acknowledgement before that is impossible
        props.put(ProducerConfig.LINGER_MS_CONFIG, 120_000);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1_000_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 240_000);
        try (var producer = new KafkaProducer<String, String>(props)) {
            producer.partitionsFor(topic);
            CompletableFuture<Tally> tally = within(Duration.ofSeconds(5), "sendAll(producer, topic, 301 values)",
                    "linger.ms holds every record in the producer until the check flushes, so a sendAll that waits"
                            + " for outcomes (future.get(), flush()) never returns: return the CompletableFuture at"
                            + " once and complete it from the callbacks.",
                    () -> Exercises.implementation(DeliveryTally.class).sendAll(producer, topic, values));
            check(tally != null, "a CompletableFuture", "null", "create one and return it.");
            check(!tally.isDone() || tally.isCompletedExceptionally(),
                    "a future still open: no message has reached the broker yet",
                    "it is already complete with " + tally.getNow(null),
                    "sendAll waited for the outcomes (a get() or a flush() inside it), which the exercise forbids;"
                            + " return at once and let the last callback complete the future.");

            producer.flush(); // every callback has run when this returns
            Tally result;
            try {
                result = tally.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw Feedback.wrong("the future complete once all 301 callbacks ran (flush() returned)",
                        "still not complete 10 s later",
                        "a callback runs for every message, failed ones too (exception != null): count those,"
                                + " and complete the future when delivered + failed reaches the number of values."
                                + " The 2 MB value fails at once, inside send(), through its callback.");
            }
            check(new Tally(300, 1).equals(result), "Tally[delivered=300, failed=1]", String.valueOf(result),
                    "count each callback once: exception == null means delivered, else failed; use thread-safe"
                            + " counters (callbacks run on the producer's I/O thread, send() on yours).");
        }
    }
}
