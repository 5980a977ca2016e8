package dev.learnkafka.exercises;

import java.util.List;

import dev.learnkafka.producer.logging.LogListener;

/**
 * Exercise 7 (stage 04): turn on exactly the debug context that shows a batch being sent, and catch those lines
 * with a log listener. The page: docs/exercises/07-batch-debug.md
 */
public interface BatchDebug {

    /** The {@code --debug} value (librdkafka syntax, e.g. {@code "broker,topic"}): as little as shows batches. */
    String debugSpec();

    /**
     * A listener that adds to {@code sink} the message of every log event saying a batch was sent to a broker or
     * acknowledged by it, and nothing else. It runs on the producer's I/O thread.
     */
    LogListener batchListener(List<String> sink);
}
