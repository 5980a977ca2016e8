package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.learnkafka.producer.polling.PollingProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The pool's own logic, with a stand-in producer whose flush() blocks until released or interrupted, as
 * KafkaProducer.flush() does when nothing answers, wrapped in stage 02's PollingProducer as the stage wraps its
 * producer. The real producer and broker are in {@link FlushPoolBrokerTest}.
 */
class FlushPoolTest {

    /** flush() waits on a latch and throws InterruptException when interrupted, like KafkaProducer.flush(). */
    static final class BlockingProducer extends MockProducer<String, String> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger interrupted = new AtomicInteger();
        final List<String> flushThreads = new CopyOnWriteArrayList<>();

        BlockingProducer() {
            super(true, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public void flush() {
            flushThreads.add(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw new InterruptException("Flush interrupted.", e);
            }
        }
    }

    @Test
    void shouldCompleteOkWhenTheFlushReturnsInTime() throws Exception {
        var producer = new BlockingProducer();
        producer.release.countDown();
        try (var pool = new FlushPool(polling(producer), 1)) {
            FlushReport report = pool.flush(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);

            assertThat(report.outcome()).isEqualTo(FlushReport.Outcome.OK);
            assertThat(report.number()).isEqualTo(1);
            assertThat(producer.interrupted).hasValue(0);
        }
    }

    @Test
    void shouldTimeOutAndFreeTheWorkerForTheNextQueuedFlush() throws Exception {
        var producer = new BlockingProducer();
        Duration timeout = Duration.ofMillis(300);
        try (var pool = new FlushPool(polling(producer), 1)) {
            var first = pool.flush(timeout);
            var second = pool.flush(timeout);

            FlushReport one = timedOutReport(first);
            FlushReport two = timedOutReport(second);

            assertThat(one.flushing()).isGreaterThanOrEqualTo(timeout);
            // one worker: the second flush waited for the first one's timeout, then had a full timeout of its own
            assertThat(two.startedNanos()).isGreaterThanOrEqualTo(one.endedNanos())
                    .isGreaterThanOrEqualTo(one.startedNanos() + timeout.toNanos());
            assertThat(two.flushing()).isGreaterThanOrEqualTo(timeout);
            // the worker was interrupted out of both flushes, and the same worker ran both
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(producer.interrupted).hasValue(2));
            assertThat(producer.flushThreads).containsExactly("flush-worker-1", "flush-worker-1");
        }
    }

    @Test
    void shouldNotLeaveTheWorkerInterruptedAfterATimeout() throws Exception {
        var producer = new BlockingProducer();
        try (var pool = new FlushPool(polling(producer), 1)) {
            timedOutReport(pool.flush(Duration.ofMillis(100)));
            producer.release.countDown();

            // the same worker runs the next flush; an interrupt left over would make it fail at once
            assertThat(pool.flush(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    @Test
    void shouldCallBackOnceForEveryFlushEvenWhenThePoolClosesUnderIt() {
        var producer = new BlockingProducer();
        Map<Integer, FlushReport.Outcome> outcomes = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        var pool = new FlushPool(polling(producer), 1);
        for (int i = 0; i < 3; i++) {
            pool.flush(Duration.ofMinutes(5), (report, exception) -> {
                calls.incrementAndGet();
                outcomes.put(report.number(), report.outcome());
                assertThat(exception).isNotNull();
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.flushThreads.size() == 1);

        pool.close();

        assertThat(calls).hasValue(3);
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of(1, FlushReport.Outcome.FAILED,
                2, FlushReport.Outcome.NOT_STARTED, 3, FlushReport.Outcome.NOT_STARTED));
    }

    @Test
    void shouldRefuseZeroThreadsAndTimeoutsThatAreNotPositive() {
        var producer = new BlockingProducer();
        assertThatThrownBy(() -> new FlushPool(polling(producer), 0)).isInstanceOf(IllegalArgumentException.class);
        try (var pool = new FlushPool(polling(producer), 1)) {
            assertThatThrownBy(() -> pool.flush(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pool.flush(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Stage 02's producer around a stand-in: its flush() is the stand-in's, its poll() dispatches the reports. */
    static PollingProducer<String, String> polling(MockProducer<String, String> producer) {
        return PollingProducer.wrap(producer).name("test").reportValues(true).build();
    }

    static FlushReport timedOutReport(java.util.concurrent.CompletableFuture<FlushReport> flush) throws Exception {
        try {
            flush.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(FlushTimeoutException.class)
                    .hasMessageContaining("Local: Timed out");
            return ((FlushTimeoutException) e.getCause()).report();
        }
        throw new AssertionError("The flush completed; it should have timed out.");
    }
}
