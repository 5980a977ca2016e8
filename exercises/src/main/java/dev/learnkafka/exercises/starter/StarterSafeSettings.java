package dev.learnkafka.exercises.starter;

import java.util.Properties;

import dev.learnkafka.exercises.SafeSettings;

/** Your solution to exercise 3 goes here. */
public class StarterSafeSettings implements SafeSettings {
    @Override
    public Properties settings(String bootstrapServers) {
        throw new UnsupportedOperationException("TODO: exercise 3, settings that lose, duplicate and reorder nothing");
    }
}
