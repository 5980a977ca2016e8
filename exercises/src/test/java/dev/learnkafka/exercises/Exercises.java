package dev.learnkafka.exercises;

import java.util.Properties;

import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.testing.KafkaBroker;

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
        return ProducerSettings.base(broker.bootstrapServers());
    }
}
