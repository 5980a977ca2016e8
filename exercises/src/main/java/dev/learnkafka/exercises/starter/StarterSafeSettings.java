package dev.learnkafka.exercises.starter;

import java.util.Properties;

import dev.learnkafka.exercises.SafeSettings;

/** Your solution to exercise 5 goes here. */
public class StarterSafeSettings implements SafeSettings {
    @Override
    public Properties settings(String bootstrapServers) {
        throw new UnsupportedOperationException("TODO: exercise 5, settings that lose, duplicate and reorder nothing");
    }
}
