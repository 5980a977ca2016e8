package dev.learnkafka.exercises.solution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.learnkafka.exercises.FlushWaves;
import dev.learnkafka.producer.flush.FlushPool;
import dev.learnkafka.producer.flush.FlushReport;
import dev.learnkafka.producer.polling.PollingProducer;

/** Exercise 10, a reference solution: queue them all, count the callbacks down, then read the reports. */
public class SolutionFlushWaves implements FlushWaves {
    @Override
    public List<FlushReport> flushAtOnce(PollingProducer<String, String> producer, int flushes, int threads,
                                         Duration timeout) throws InterruptedException {
        FlushReport[] reports = new FlushReport[flushes];
        CountDownLatch done = new CountDownLatch(flushes);
        try (FlushPool pool = new FlushPool(producer, threads)) {
            for (int i = 0; i < flushes; i++) {
                int slot = i;
                // returns at once; the callback comes on the pool's callback thread when the flush ends
                pool.flush(timeout, (report, exception) -> {
                    reports[slot] = report;
                    done.countDown();
                });
            }
            done.await(); // the pool ends every flush by its timeout, so this wait is bounded
        }
        return new ArrayList<>(Arrays.asList(reports));
    }

    @Override
    public List<Duration> predictEnds(int flushes, int threads, Duration timeout) {
        // `threads` flushes run at a time and the rest wait in the queue: flush i (0-based) runs in wave i / threads
        List<Duration> ends = new ArrayList<>();
        for (int i = 0; i < flushes; i++) {
            ends.add(timeout.multipliedBy(i / threads + 1));
        }
        return ends;
    }
}
