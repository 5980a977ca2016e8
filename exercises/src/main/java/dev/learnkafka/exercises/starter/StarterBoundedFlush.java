package dev.learnkafka.exercises.starter;

import java.time.Duration;

import dev.learnkafka.exercises.BoundedFlush;
import org.apache.kafka.clients.producer.Producer;

/** Your solution to exercise 9 goes here. */
public class StarterBoundedFlush implements BoundedFlush {
    @Override
    public boolean flushWithin(Producer<String, String> producer, Duration timeout) {
        throw new UnsupportedOperationException("TODO: exercise 9, a flush that gives up after the timeout");
    }
}
