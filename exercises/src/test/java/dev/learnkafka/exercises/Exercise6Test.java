package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.exercises.ErrorTriage.Verdict;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failures a callback gets: three provoked for real, and the ones that need a secured or
 * transactional cluster built as the client builds them.
 */
@KafkaTest
@Exercise(number = 6, title = "an error listener that tells retriable from permanent from fatal",
        page = "06-error-triage.md")
@Timeout(30)
class Exercise6Test {

    private record Case(String what, Exception exception, Verdict expected, String hint) {
    }

    @Test
    void shouldTriageRealFailuresAndTheFatalOnes(KafkaBroker broker) throws Exception {
        List<Case> cases = new ArrayList<>(provokedOn(broker));
        cases.add(new Case("a topic this client may not write to", new TopicAuthorizationException("Not authorized"
                + " to access topics: [orders]"), Verdict.FATAL,
                "authorization and authentication failures hit every message until an admin changes something."));
        cases.add(new Case("a wrong password", new SaslAuthenticationException("Authentication failed: Invalid"
                + " username or password"), Verdict.FATAL, "a wrong password never fixes itself: fatal."));
        cases.add(new Case("no cluster permission for idempotence", new ClusterAuthorizationException("Cluster"
                + " authorization failed."), Verdict.FATAL, "an AuthorizationException of another kind: fatal."));
        cases.add(new Case("a newer producer with the same transactional.id", new ProducerFencedException(
                "There is a newer producer with the same transactionalId"), Verdict.FATAL,
                "a fenced producer can never write again: fatal."));
        cases.add(new Case("too few in-sync replicas for acks=all", new org.apache.kafka.common.errors
                .NotEnoughReplicasException("Messages are rejected since there are fewer in-sync replicas than required."),
                Verdict.RETRIABLE, "replicas come back: the client marks it RetriableException."));
        cases.add(new Case("a leader that moved", new NotLeaderOrFollowerException("This server is not the leader"),
                Verdict.RETRIABLE, "the client refreshes metadata and retries: look for RetriableException."));
        cases.add(new Case("a sequence gap for an idempotent producer without a transactional.id",
                new OutOfOrderSequenceException("The broker received an out of order sequence number."),
                Verdict.PERMANENT, "that batch failed, not the producer: without a transactional.id the client bumps"
                        + " its epoch and sends on (only a transactional producer must stop)."));
        cases.add(new Case("a value the serializer cannot write", new SerializationException("Can't convert value"),
                Verdict.PERMANENT, "the same value fails again; other messages are fine."));
        cases.add(new Case("a wrapped authorization failure", new KafkaException("Send failed",
                new TopicAuthorizationException("Not authorized")), Verdict.FATAL,
                "look at the cause too: the client sometimes wraps the real error."));

        ErrorTriage triage = Exercises.implementation(ErrorTriage.class);
        for (Case c : cases) {
            Verdict verdict = triage.triage(c.exception());
            check(verdict == c.expected(), c.expected() + " for " + c.what() + " (" + c.exception() + ")",
                    String.valueOf(verdict), c.hint());
        }
    }

    /** Failures made for real: what the callback receives. */
    private static List<Case> provokedOn(KafkaBroker broker) throws Exception {
        List<Case> cases = new ArrayList<>();
        String topic = KafkaBroker.uniqueTopic("triage");
        broker.createTopic(topic, 1);
        Properties props = Exercises.settings(broker);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        try (var producer = new KafkaProducer<String, String>(props)) {
            cases.add(new Case("a record larger than max.request.size", failure(producer, topic, "x".repeat(2_000_000)),
                    Verdict.PERMANENT, "the same record is too large every time; other records are fine."));
            cases.add(new Case("a topic name the broker rejects", failure(producer, "no spaces allowed", "v"),
                    Verdict.PERMANENT, "an invalid topic name stays invalid; it is not retriable."));
        }
        // a broker address where nothing listens: the metadata wait of send() runs out after max.block.ms
        Properties nowhere = Exercises.settings(broker);
        nowhere.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + freePort());
        nowhere.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        try (var producer = new KafkaProducer<String, String>(nowhere)) {
            cases.add(new Case("no broker answering within max.block.ms", failure(producer, topic, "v"),
                    Verdict.RETRIABLE, "brokers come back: the client marks this a RetriableException (a"
                            + " TimeoutException); look for that mark rather than listing classes."));
        }
        return cases;
    }

    private static int freePort() {
        return dev.learnkafka.broker.Ports.freePort(); // below the kernel's range for outgoing connections
    }

    private static Exception failure(KafkaProducer<String, String> producer, String topic, String value)
            throws Exception {
        try {
            producer.send(new ProducerRecord<>(topic, value)).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (Exception) e.getCause();
        } catch (KafkaException e) {
            return e; // thrown by send() itself
        }
        throw new IllegalStateException("A send to " + topic + " that should fail was delivered.");
    }
}
