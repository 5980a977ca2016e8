package dev.learnkafka.exercises.starter;

import dev.learnkafka.exercises.DownstreamKeys;

/** Your solution to exercise 11 goes here. */
public class StarterDownstreamKeys implements DownstreamKeys {
    @Override
    public String key(Event event) {
        throw new UnsupportedOperationException("TODO: exercise 11, the key a consumer counting per customer needs");
    }
}
