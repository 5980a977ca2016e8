package dev.learnkafka.exercises.solution;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.learnkafka.exercises.BoundedFlush;
import org.apache.kafka.clients.producer.Producer;

/**
 * Exercise 9, a reference solution: flush on another thread, wait for it at most the timeout. Giving up does
 * not touch the records: flush() only waits for them, so they stay in the producer and are still sent.
 */
public class SolutionBoundedFlush implements BoundedFlush {
    @Override
    public boolean flushWithin(Producer<String, String> producer, Duration timeout) throws InterruptedException {
        Thread[] worker = new Thread[1];
        CompletableFuture<Void> flushed = CompletableFuture.runAsync(producer::flush, task -> {
            worker[0] = new Thread(task, "bounded-flush");
            worker[0].setDaemon(true);
            worker[0].start();
        });
        try {
            flushed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            // flush() only waits; interrupting it ends the wait, and the records stay queued in the producer
            worker[0].interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
