package dev.learnkafka.exercises.starter;

import java.util.Set;

import dev.learnkafka.exercises.UnreachableBrokers;
import dev.learnkafka.producer.logging.LogListener;

/** Your solution to exercise 8 goes here. */
public class StarterUnreachableBrokers implements UnreachableBrokers {
    @Override
    public LogListener listener(Set<String> addresses) {
        throw new UnsupportedOperationException("TODO: exercise 8, collect the brokers the client cannot reach");
    }
}
