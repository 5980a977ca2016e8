package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour, not names: the settings go into a real producer, and the broker shows that it numbers its batches
 * (idempotence, which the client only allows with acks=all). On one broker acks=all and acks=1 behave alike (since
 * Kafka 3.7 the broker caps min.insync.replicas at the replica count), and waiting out 30 s would cost 30 s a run:
 * the budget and in-flight limit are read from the client's resolved configuration, not from the names.
 */
@KafkaTest
@Exercise(number = 5, title = "settings that lose, duplicate and reorder nothing", page = "05-safe-settings.md")
@Timeout(40)
class Exercise5Test {

    @Test
    void shouldWriteAsAnIdempotentProducer(KafkaBroker broker) throws Exception {
        Properties props = Exercises.implementation(SafeSettings.class).settings(broker.bootstrapServers());
        String topic = KafkaBroker.uniqueTopic("safe");
        broker.createTopic(topic, 1);
        KafkaProducer<String, String> producer;
        try {
            producer = new KafkaProducer<>(props);
        } catch (KafkaException e) {
            throw Feedback.wrong("a producer created from your settings", "the client refused them: " + rootMessage(e),
                    "the client checks combinations: idempotence needs acks=all, retries > 0 and at most 5 requests"
                            + " in flight; delivery.timeout.ms must be >= linger.ms + request.timeout.ms.");
        }
        try (producer) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(20, TimeUnit.SECONDS);
        }
        try (Admin admin = broker.admin()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            List<ProducerState> writers = admin.describeProducers(List.of(partition)).partitionResult(partition)
                    .get(20, TimeUnit.SECONDS).activeProducers();
            // the client refuses idempotence without acks=all, so this also proves acks=all
            check(!writers.isEmpty(), "the broker tracks your producer's id and sequence numbers for the partition"
                            + " (Admin.describeProducers lists it)", "the broker knows no producer id for it",
                    "only an idempotent producer gets a producer id and numbers its batches, which is how the broker"
                            + " drops a retried duplicate. Idempotence is the default, but acks=1 or 0 turns it off"
                            + " silently: ask for acks=all and idempotence.");
        }

        ProducerConfig resolved = new ProducerConfig(props);
        int budget = resolved.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        check(budget <= 30_000, "delivery.timeout.ms <= 30000 (the whole budget of a message)",
                "delivery.timeout.ms = " + budget + " ms",
                "delivery.timeout.ms bounds retries and waiting; request.timeout.ms and retries do not bound the total.");
        int inFlight = resolved.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        check(inFlight <= 5, "at most 5 requests in flight (idempotence keeps order up to 5)",
                "max.in.flight.requests.per.connection = " + inFlight, "leave the default (5) or lower it.");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
