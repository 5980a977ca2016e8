package dev.learnkafka.exercises.starter;

import java.time.Duration;
import java.util.List;

import dev.learnkafka.exercises.FlushWaves;
import dev.learnkafka.producer.flush.FlushReport;
import dev.learnkafka.producer.polling.PollingProducer;

/** Your solution to exercise 10 goes here. */
public class StarterFlushWaves implements FlushWaves {
    @Override
    public List<FlushReport> flushAtOnce(PollingProducer<String, String> producer, int flushes, int threads,
                                         Duration timeout) {
        throw new UnsupportedOperationException("TODO: exercise 10, many flushes at once on a FlushPool");
    }

    @Override
    public List<Duration> predictEnds(int flushes, int threads, Duration timeout) {
        throw new UnsupportedOperationException("TODO: exercise 10, predict when each flush ends");
    }
}
