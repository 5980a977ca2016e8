package dev.learnkafka.exercises.starter;

import java.util.List;

import dev.learnkafka.exercises.BatchDebug;
import dev.learnkafka.producer.logging.LogListener;

/** Your solution to exercise 7 goes here. */
public class StarterBatchDebug implements BatchDebug {
    @Override
    public String debugSpec() {
        throw new UnsupportedOperationException("TODO: exercise 7, the debug context that shows batches");
    }

    @Override
    public LogListener batchListener(List<String> sink) {
        throw new UnsupportedOperationException("TODO: exercise 7, a listener for the batch lines");
    }
}
