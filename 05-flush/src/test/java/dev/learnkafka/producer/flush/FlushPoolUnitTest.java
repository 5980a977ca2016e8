package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The flush pool's waves and outcomes, with a {@link MockProducer} whose flush() hangs until the test releases it
 * or the pool interrupts it, as KafkaProducer.flush() hangs while no broker answers, wrapped in stage 02's
 * PollingProducer: polling stays off, so only the flush's poll dispatches the delivery reports. Times are only
 * compared with each other and with lower bounds; {@link FlushPoolBrokerTest} shows the same against a silent
 * broker.
 */
class FlushPoolUnitTest {
    private static final Duration TIMEOUT = Duration.ofMillis(250);
    /**
     * The waves test's timeout: the workers of a wave must all have started their flushes before the first of them
     * times out, and the pool starts a worker's thread when a flush first needs it; on a loaded machine one such
     * start took over 250 ms (3 of 4 flushes at once, not 4).
     */
    private static final Duration WAVE_TIMEOUT = Duration.ofMillis(600);
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** One flush's callback: what it was told, and on which thread. */
    private record Callback(FlushReport report, Exception exception, String thread) {
    }

    /** Awaitility, looking every 5 ms: these conditions come true within milliseconds. */
    private static ConditionFactory waitUpTo(Duration limit) {
        return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(limit);
    }

    @ParameterizedTest(name = "{0} flushes on {1} threads")
    @CsvSource({"5, 2", "4, 4"})
    void shouldTimeOutInCeilingOfFlushesOverThreadsWavesEachStartingATimeoutAfterTheLast(int flushes, int threads) {
        var producer = new HangingProducer();
        List<Callback> callbacks = new CopyOnWriteArrayList<>();
        long origin = System.nanoTime();
        try (var pool = new FlushPool(FlushPoolTest.polling(producer), threads)) {
            for (int i = 0; i < flushes; i++) {
                pool.flush(WAVE_TIMEOUT, (report, e) -> callbacks.add(
                        new Callback(report, e, Thread.currentThread().getName())));
            }
            waitUpTo(LIMIT).until(() -> callbacks.size() >= flushes);
        }

        // nothing is lost: one callback per flush, each with its number, each timed out
        assertThat(callbacks).hasSize(flushes).extracting(c -> c.report().number())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, flushes).boxed().toList());
        assertThat(callbacks).allSatisfy(c -> {
            assertThat(c.report().outcome()).isEqualTo(FlushReport.Outcome.TIMED_OUT);
            assertThat(c.exception()).isInstanceOf(FlushTimeoutException.class)
                    .hasMessageContaining("Local: Timed out");
            assertThat(c.report().flushing()).isGreaterThanOrEqualTo(WAVE_TIMEOUT);
            assertThat(c.thread()).isEqualTo("flush-callback");
        });
        // the callbacks come one after the other, in the order the timeouts were known
        assertThat(callbacks).extracting(c -> c.report().endedNanos()).isSorted();
        // never more flushes at once than threads, and every hanging flush was interrupted out
        assertThat(producer.mostAtOnce).hasValue(threads);
        waitUpTo(LIMIT).untilAsserted(() -> assertThat(producer.interrupts).hasValue(flushes));

        // by start: the k-th flush could only start once a worker was freed by the timeout of the (k - threads)-th
        List<FlushReport> byStart = callbacks.stream().map(Callback::report)
                .sorted(Comparator.comparingLong(FlushReport::startedNanos)).toList();
        for (int k = threads; k < flushes; k++) {
            assertThat(byStart.get(k).startedNanos())
                    .as("flush %d started a timeout after flush %d", byStart.get(k).number(),
                            byStart.get(k - threads).number())
                    .isGreaterThanOrEqualTo(byStart.get(k - threads).startedNanos() + WAVE_TIMEOUT.toNanos());
        }
        // so they end in ceil(flushes / threads) waves, taken up in the order they were asked for
        List<List<Integer>> expectedWaves = new ArrayList<>();
        for (int first = 1; first <= flushes; first += threads) {
            expectedWaves.add(IntStream.rangeClosed(first, Math.min(first + threads - 1, flushes)).boxed().toList());
        }
        List<FlushTimeline.Wave> waves = FlushTimeline.waves(byStart, origin);
        assertThat(waves).hasSize((flushes + threads - 1) / threads)
                .extracting(FlushTimeline.Wave::flushes).containsExactlyElementsOf(expectedWaves);
        for (int w = 1; w < waves.size(); w++) {
            assertThat(waves.get(w).firstStartMs())
                    .isGreaterThanOrEqualTo(waves.get(w - 1).firstStartMs() + WAVE_TIMEOUT.toMillis());
        }
    }

    @Test
    void shouldReportOkWhenAQueuedFlushCompletesAfterATimedOutOneAndLoseNoRecord() throws Exception {
        var producer = new HangingProducer();
        var polling = FlushPoolTest.polling(producer);
        List<String> delivered = new CopyOnWriteArrayList<>();
        polling.onDeliveryReport(report -> {
            if (report.delivered()) {
                delivered.add(report.value());
            }
        });
        for (int i = 1; i <= 10; i++) {
            // the records wait in the producer (nothing completes them), as in one that has no broker to send to
            polling.send(new ProducerRecord<>("t", "value-" + i), "opaque::" + i);
        }
        try (var pool = new FlushPool(polling, 1)) {
            CompletableFuture<FlushReport> first = pool.flush(TIMEOUT);
            CompletableFuture<FlushReport> second = pool.flush(Duration.ofMinutes(5));

            FlushReport timedOut = timedOutReport(first);
            assertThat(delivered).as("an interrupted flush only stops waiting").isEmpty();
            assertThat(producer.flushed()).as("the records are still in the producer").isFalse();
            waitUpTo(LIMIT).until(() -> producer.calls.get() == 2); // the second flush hangs in turn

            producer.release(); // the broker answers again

            FlushReport ok = second.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(ok.outcome()).isEqualTo(FlushReport.Outcome.OK);
            assertThat(ok.ok()).isTrue();
            assertThat(ok.number()).isEqualTo(2);
            assertThat(timedOut.flushing()).isGreaterThanOrEqualTo(TIMEOUT);
            assertThat(ok.startedNanos()).as("the one worker took it up when the first timed out")
                    .isGreaterThanOrEqualTo(timedOut.endedNanos());
            // every record buffered when the flush began has its report, exactly once, dispatched by the flush
            assertThat(delivered).containsExactlyElementsOf(IntStream.rangeClosed(1, 10)
                    .mapToObj(i -> "value-" + i).toList());
        }
        assertThat(producer.flushed()).isTrue();
        assertThat(producer.history()).hasSize(10);
    }

    @Test
    void shouldRunTheListenersOnTheFlushWorkerBeforeTheFlushCompletesWithNoPoll() throws Exception {
        var producer = new HangingProducer();
        producer.release();
        var polling = FlushPoolTest.polling(producer); // no setPollInterval, and this test never polls
        List<String> listenerThreads = new CopyOnWriteArrayList<>();
        polling.onDeliveryReport(report -> listenerThreads.add(report.opaque() + " on " + Thread.currentThread()
                .getName()));
        for (int i = 1; i <= 5; i++) {
            polling.send(new ProducerRecord<>("t", "value-" + i), "opaque::" + i);
        }
        try (var pool = new FlushPool(polling, 1)) {
            assertThat(pool.flush(LIMIT).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS).ok()).isTrue();

            // no waiting: the listeners ran within the flush, before it completed
            assertThat(listenerThreads).containsExactly("opaque::1 on flush-worker-1", "opaque::2 on flush-worker-1",
                    "opaque::3 on flush-worker-1", "opaque::4 on flush-worker-1", "opaque::5 on flush-worker-1");
        }
    }

    @Test
    void shouldDispatchTheReportsThatArrivedBeforeATimeout() throws Exception {
        var producer = new HangingProducer();
        producer.completeBeforeHanging = 2; // two records are delivered, then nothing answers
        var polling = FlushPoolTest.polling(producer);
        List<String> reports = new CopyOnWriteArrayList<>();
        polling.onDeliveryReport(report -> reports.add(report.value() + " on " + Thread.currentThread().getName()));
        for (int i = 1; i <= 5; i++) {
            polling.send(new ProducerRecord<>("t", "value-" + i), "opaque::" + i);
        }
        try (var pool = new FlushPool(polling, 1)) {
            timedOutReport(pool.flush(TIMEOUT));

            // after the timeout's interrupt the worker still polls: the two reports that arrived are dispatched
            waitUpTo(LIMIT).until(() -> reports.size() == 2);
            assertThat(reports).containsExactly("value-1 on flush-worker-1", "value-2 on flush-worker-1");
        }
        assertThat(producer.history()).hasSize(5);
    }

    @Test
    void shouldFailAFlushThatThrowsAndGoOnWithTheNext() throws Exception {
        var producer = new HangingProducer();
        producer.release();
        producer.flushException = new KafkaException("Cannot perform operation after producer has been closed");
        try (var pool = new FlushPool(FlushPoolTest.polling(producer), 1)) {
            CompletableFuture<FlushReport> failed = pool.flush(LIMIT);

            assertThatThrownBy(() -> failed.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(FlushFailedException.class)
                    .hasMessageContaining("Flush 1 failed: Cannot perform operation")
                    .hasCauseReference(producer.flushException)
                    .satisfies(e -> assertThat(((FlushFailedException) e).report().outcome())
                            .isEqualTo(FlushReport.Outcome.FAILED));

            producer.flushException = null;
            assertThat(pool.flush(LIMIT).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS).ok()).isTrue();
        }
    }

    @Test
    void shouldCallTheNextCallbacksWhenOneThrows() {
        var producer = new HangingProducer();
        producer.release();
        List<Integer> called = new CopyOnWriteArrayList<>();
        try (var pool = new FlushPool(FlushPoolTest.polling(producer), 1)) {
            pool.flush(LIMIT, (report, e) -> {
                called.add(report.number());
                throw new IllegalStateException("callback bug");
            });
            pool.flush(LIMIT, (report, e) -> called.add(report.number()));

            waitUpTo(LIMIT).until(() -> called.size() == 2);
        }
        assertThat(called).containsExactly(1, 2);
    }

    private static FlushReport timedOutReport(CompletableFuture<FlushReport> flush) throws Exception {
        try {
            flush.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(FlushTimeoutException.class);
            return ((FlushTimeoutException) e.getCause()).report();
        }
        throw new AssertionError("The flush completed; it should have timed out.");
    }

    /**
     * flush() hangs until {@link #release()} or an interrupt (then throws InterruptException, as
     * KafkaProducer.flush() does); once released it completes every buffered record, as MockProducer's flush does.
     */
    static final class HangingProducer extends MockProducer<String, String> {
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger interrupts = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        HangingProducer() {
            super(false, null, new StringSerializer(), new StringSerializer());
        }

        /** How many buffered records the first flush completes before it hangs. */
        volatile int completeBeforeHanging;

        void release() {
            released.countDown();
        }

        @Override
        public void flush() {
            calls.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            for (; completeBeforeHanging > 0; completeBeforeHanging--) {
                completeNext();
            }
            try {
                released.await();
                super.flush();
            } catch (InterruptedException e) {
                interrupts.incrementAndGet();
                throw new InterruptException("Flush interrupted.", e);
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
