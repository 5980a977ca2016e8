package dev.learnkafka.exercises;

import java.util.Properties;

import dev.learnkafka.testing.KafkaBroker;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Picks what the exercise tests check: the reference solutions (the build's default, so the build proves
 * they pass) or your starters, with {@code -Dexercises=starters} (what {@code exercises/check} passes).
 */
final class Exercises {
    private Exercises() {
    }

    static boolean starters() {
        return "starters".equals(System.getProperty("exercises", "solutions"));
    }

    static <T> T implementation(Class<T> exercise) {
        String name = "dev.learnkafka.exercises." + (starters() ? "starter.Starter" : "solution.Solution")
                + exercise.getSimpleName();
        try {
            return exercise.cast(Class.forName(name).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("No " + name + ": " + e, e);
        }
    }

    /** The tutorial's base producer settings for a test broker. */
    static Properties settings(KafkaBroker broker) {
        return settings(broker.bootstrapServers());
    }

    /** The settings every stage starts from (stage 01's), for these brokers. */
    static Properties settings(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-producer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return props;
    }
}
