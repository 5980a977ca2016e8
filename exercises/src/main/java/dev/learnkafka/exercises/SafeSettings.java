package dev.learnkafka.exercises;

import java.util.Properties;

/**
 * Exercise 5 (stage 03): settings for a producer that loses nothing, duplicates nothing and keeps order.
 * The page: docs/exercises/05-safe-settings.md
 *
 * <p>Return producer settings (bootstrap servers and String serializers included) such that a message is only
 * acknowledged once every in-sync replica has it, a retry can neither duplicate nor reorder messages, and a
 * message waits at most 30 seconds in total for its outcome. Use the {@code ProducerConfig} constants.
 */
public interface SafeSettings {

    Properties settings(String bootstrapServers);
}
