package dev.learnkafka.producer.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * The delivery-report queue's own logic, with {@link MockProducer} standing in for the Java producer: the test
 * decides when each send's callback runs ({@code completeNext}, {@code errorNext}) and so when each report is
 * queued. What only a broker can show (offsets a consumer finds, a real close that sends what is buffered) is in
 * {@link PollingProducerTest}.
 */
class PollingProducerUnitTest {
    private static final String TOPIC = "unit-topic";

    /** Callbacks run only when the test says so, on the test's thread, in send order. */
    private static MockProducer<String, String> mockProducer() {
        return new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    }

    private static ProducerRecord<String, String> record(int i) {
        return new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i);
    }

    private static void completeAll(MockProducer<String, String> producer) {
        while (producer.completeNext()) {
            // each call runs one send's callback, which queues its report
        }
    }

    /** Awaitility, looking every 5 ms: these conditions come true within milliseconds. */
    private static ConditionFactory waitUpTo(Duration limit) {
        return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(limit);
    }

    @Test
    void shouldDispatchNothingUntilPollEvenWhenEveryCallbackHasRun() {
        var mock = mockProducer();
        List<Object> opaques = new ArrayList<>();
        try (var producer = PollingProducer.wrap(mock).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            for (int i = 1; i <= 3; i++) {
                producer.send(record(i), "opaque::" + i);
            }
            assertThat(producer.queuedReports()).as("no callback has run yet").isZero();

            completeAll(mock);

            assertThat(opaques).as("reports dispatched without a poll").isEmpty();
            assertThat(producer.queuedReports()).isEqualTo(3);
            assertThat(producer.unreportedMessages()).isEqualTo(3);

            assertThat(producer.poll()).isEqualTo(3);
            assertThat(opaques).containsExactly("opaque::1", "opaque::2", "opaque::3");
            assertThat(producer.queuedReports()).isZero();
            assertThat(producer.unreportedMessages()).isZero();
            assertThat(producer.poll()).as("a second poll finds nothing").isZero();
        }
    }

    @Test
    void shouldDispatchReportsInCallbackOrderWithTheirOpaque() {
        var mock = new CallbackCapturingProducer();
        List<DeliveryReport<String, String>> reports = new ArrayList<>();
        try (var producer = PollingProducer.wrap(mock).build()) {
            producer.onDeliveryReport(reports::add);
            for (int i = 1; i <= 4; i++) {
                producer.send(record(i), "opaque::" + i);
            }

            // the I/O thread calls back in its own order (per partition it is offset order), not in send order
            mock.complete(3, new TopicPartition(TOPIC, 1), 70);
            mock.complete(1, new TopicPartition(TOPIC, 0), 40);
            mock.complete(4, new TopicPartition(TOPIC, 1), 71);
            mock.complete(2, new TopicPartition(TOPIC, 0), 41);

            assertThat(producer.poll()).isEqualTo(4);
        }
        assertThat(reports)
                .extracting(DeliveryReport::opaque, DeliveryReport::key, DeliveryReport::partition,
                        DeliveryReport::offset)
                .containsExactly(
                        tuple("opaque::3", "key-3", 1, 70L),
                        tuple("opaque::1", "key-1", 0, 40L),
                        tuple("opaque::4", "key-4", 1, 71L),
                        tuple("opaque::2", "key-2", 0, 41L));
        assertThat(reports).allMatch(DeliveryReport::delivered);
    }

    @Test
    void shouldGiveEveryMessageExactlyOneReportAcrossManyPolls() {
        var mock = mockProducer();
        List<Object> opaques = new ArrayList<>();
        int messages = 1_000;
        try (var producer = PollingProducer.wrap(mock).queueCapacity(messages).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            for (int i = 1; i <= messages; i++) {
                producer.send(record(i), i);
                if (i % 3 == 0) {
                    mock.completeNext(); // callbacks come while sending goes on
                }
                if (i % 100 == 0) {
                    producer.poll();
                }
            }
            completeAll(mock);
            producer.poll();

            assertThat(producer.unreportedMessages()).isZero();
            assertThat(producer.poll()).isZero();
        } // close() finds nothing left to dispatch
        assertThat(opaques).containsExactlyElementsOf(IntStream.rangeClosed(1, messages).boxed().toList());
    }

    @Test
    void shouldRefuseWithLocalQueueFullExactlyWhenCapacityIsReachedAndAcceptAgainAfterAPoll() {
        var mock = mockProducer();
        List<Object> opaques = new ArrayList<>();
        try (var producer = PollingProducer.wrap(mock).queueCapacity(3).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            producer.send(record(1), 1);
            producer.send(record(2), 2);
            producer.send(record(3), 3); // the third fills the queue: accepted

            assertThatThrownBy(() -> producer.send(record(4), 4))
                    .isInstanceOf(QueueFullException.class)
                    .hasMessageStartingWith("Local: Queue full: 3 messages")
                    .hasMessageContaining("poll()");
            assertThat(mock.history()).as("the refused message was not sent").hasSize(3);

            // delivered is not enough: a slot is free only once its report has been dispatched
            completeAll(mock);
            assertThatThrownBy(() -> producer.send(record(4), 4)).isInstanceOf(QueueFullException.class);
            assertThat(producer.unreportedMessages()).isEqualTo(3);

            assertThat(producer.poll()).isEqualTo(3);
            producer.send(record(4), 4);
            mock.completeNext();
            assertThat(producer.poll()).isEqualTo(1);
        }
        assertThat(opaques).containsExactly(1, 2, 3, 4);
        assertThat(mock.history()).extracting(ProducerRecord::value)
                .containsExactly("value-1", "value-2", "value-3", "value-4");
    }

    @Test
    void shouldFreeAsManySlotsAsAPollDispatchesReports() {
        var mock = mockProducer();
        try (var producer = PollingProducer.wrap(mock).queueCapacity(3).build()) {
            for (int i = 1; i <= 3; i++) {
                producer.send(record(i), i);
            }
            mock.completeNext(); // one report queued, two messages still in flight

            assertThat(producer.poll()).isEqualTo(1);

            producer.send(record(4), 4); // the one freed slot
            assertThatThrownBy(() -> producer.send(record(5), 5)).isInstanceOf(QueueFullException.class);
            assertThat(producer.unreportedMessages()).isEqualTo(3);
            completeAll(mock);
            assertThat(producer.poll()).isEqualTo(3);
        }
    }

    @Test
    void shouldGiveTheSlotBackWhenTheJavaProducerThrowsInsteadOfCallingBack() {
        var mock = mockProducer();
        List<Object> opaques = new ArrayList<>();
        try (var producer = PollingProducer.wrap(mock).queueCapacity(1).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            mock.sendException = new KafkaException("send() failed before the record reached a batch");

            assertThatThrownBy(() -> producer.send(record(1), 1)).isSameAs(mock.sendException);
            assertThat(producer.unreportedMessages()).as("no report will come for it").isZero();

            mock.sendException = null;
            producer.send(record(2), 2); // the only slot is free: the failed send did not keep it
            mock.completeNext();
            producer.poll();
        }
        assertThat(opaques).as("the exception was the failed send's outcome, not a report").containsExactly(2);
    }

    @Test
    void shouldKeepDispatchingToTheOtherListenersAndReportsWhenAListenerThrows() {
        var mock = mockProducer();
        AtomicInteger throwingCalls = new AtomicInteger();
        List<Object> received = new ArrayList<>();
        try (var producer = PollingProducer.wrap(mock).build()) {
            producer.onDeliveryReport(report -> {
                throwingCalls.incrementAndGet();
                throw new IllegalStateException("listener bug on " + report.opaque());
            });
            producer.onDeliveryReport(report -> received.add(report.opaque()));
            for (int i = 1; i <= 5; i++) {
                producer.send(record(i), i);
            }
            completeAll(mock);

            assertThat(producer.poll()).as("poll() itself does not throw").isEqualTo(5);

            assertThat(received).containsExactly(1, 2, 3, 4, 5);
            assertThat(throwingCalls).hasValue(5);
            assertThat(producer.unreportedMessages()).isZero();
        }
    }

    @Test
    void shouldGoOnWithTheNextReportAtTheNextPollWhenAListenerThrowsAnError() {
        var mock = mockProducer();
        List<Object> received = new ArrayList<>();
        try (var producer = PollingProducer.wrap(mock).build()) {
            producer.onDeliveryReport(report -> {
                received.add(report.opaque());
                if (report.opaque().equals(2)) {
                    throw new AssertionError("an Error, not an Exception: the poll ends here");
                }
            });
            for (int i = 1; i <= 4; i++) {
                producer.send(record(i), i);
            }
            completeAll(mock);

            assertThatThrownBy(producer::poll).isInstanceOf(AssertionError.class);
            assertThat(received).containsExactly(1, 2);
            assertThat(producer.unreportedMessages()).as("reports 3 and 4 still wait").isEqualTo(2);

            assertThat(producer.poll()).isEqualTo(2);
        }
        assertThat(received).as("nothing dispatched twice, nothing lost").containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldTurnAFailedSendIntoAReportWithItsErrorAndOpaque() {
        var mock = mockProducer();
        List<DeliveryReport<String, String>> reports = new ArrayList<>();
        var tooLarge = new RecordTooLargeException("The message is 2000 bytes when serialized, larger than 1024.");
        try (var producer = PollingProducer.wrap(mock).build()) {
            producer.onDeliveryReport(reports::add);
            producer.send(record(1), "opaque::ok");
            producer.send(record(2), "opaque::too-large");
            mock.completeNext();
            mock.errorNext(tooLarge);

            assertThat(producer.poll()).isEqualTo(2);
        }
        assertThat(reports).extracting(DeliveryReport::opaque, DeliveryReport::delivered, DeliveryReport::error)
                .containsExactly(tuple("opaque::ok", true, null), tuple("opaque::too-large", false, tooLarge));
        assertThat(reports.get(1)).satisfies(failed -> {
            assertThat(failed.offset()).isEqualTo(-1);
            assertThat(failed.topic()).isEqualTo(TOPIC);
            assertThat(failed.key()).isEqualTo("key-2");
            assertThat(failed.toJson()).contains("\"opaque\": \"opaque::too-large\"")
                    .contains("\"error\": \"org.apache.kafka.common.errors.RecordTooLargeException: The message is");
        });
    }

    @Test
    void shouldCarryTheValueOnlyWhenReportsAreAskedForIt() {
        var withValues = mockProducer();
        var withoutValues = mockProducer();
        List<DeliveryReport<String, String>> reports = new ArrayList<>();
        try (var dr = PollingProducer.wrap(withValues).reportValues(true).build();
             var plain = PollingProducer.wrap(withoutValues).build()) {
            dr.onDeliveryReport(reports::add);
            plain.onDeliveryReport(reports::add);
            dr.send(record(1), "with");
            plain.send(record(2), "without");
            withValues.completeNext();
            withoutValues.completeNext();
            dr.poll();
            plain.poll();
        }
        assertThat(reports).extracting(DeliveryReport::opaque, DeliveryReport::key, DeliveryReport::value)
                .containsExactly(tuple("with", "key-1", "value-1"), tuple("without", "key-2", null));
    }

    @Test
    void shouldDispatchEveryReportLeftOnCloseOnTheClosingThreadOncePerMessage() {
        var mock = new FailPendingOnCloseProducer();
        List<DeliveryReport<String, String>> reports = new ArrayList<>();
        List<Thread> dispatchedOn = new ArrayList<>();
        var producer = PollingProducer.wrap(mock).build();
        producer.onDeliveryReport(report -> {
            reports.add(report);
            dispatchedOn.add(Thread.currentThread());
        });
        for (int i = 1; i <= 5; i++) {
            producer.send(record(i), i);
        }
        mock.completeNext();
        mock.completeNext();
        assertThat(producer.poll()).isEqualTo(2);
        mock.completeNext(); // queued, never polled

        producer.close(); // messages 4 and 5 are still in flight: the Java producer fails them as it closes

        assertThat(reports).extracting(DeliveryReport::opaque).containsExactly(1, 2, 3, 4, 5);
        assertThat(reports).extracting(DeliveryReport::delivered).containsExactly(true, true, true, false, false);
        assertThat(reports.subList(3, 5)).allSatisfy(r -> assertThat(r.error()).isInstanceOf(TimeoutException.class));
        assertThat(dispatchedOn).containsOnly(Thread.currentThread());
        assertThat(producer.unreportedMessages()).isZero();
        assertThat(mock.closed()).isTrue();
    }

    @Test
    void shouldRefuseToSendAfterCloseAndCloseOnlyOnce() {
        var mock = mockProducer();
        var producer = PollingProducer.wrap(mock).build();
        producer.close();

        assertThatThrownBy(() -> producer.send(record(1), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> producer.setPollInterval(Duration.ofMillis(10)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(mock.history()).isEmpty();
        assertThat(producer.unreportedMessages()).isZero();

        mock.closeException = new IllegalStateException("closed twice");
        producer.close(); // the second close does nothing, so the Java producer is not closed again
    }

    @Test
    void shouldWaitForTheFirstReportWhenPollingWithATimeout() throws Exception {
        var mock = mockProducer();
        List<Object> opaques = new CopyOnWriteArrayList<>();
        try (var producer = PollingProducer.wrap(mock).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            assertThat(producer.poll(Duration.ofMillis(20))).as("nothing sent, nothing to wait for").isZero();

            producer.send(record(1), "opaque::1");
            // the callback runs on another thread, like the producer's I/O thread, while poll waits for it
            var callback = CompletableFuture.runAsync(mock::completeNext);

            assertThat(producer.poll(Duration.ofSeconds(30))).isEqualTo(1);
            callback.get(30, TimeUnit.SECONDS);
        }
        assertThat(opaques).containsExactly("opaque::1");
    }

    @Test
    void shouldDispatchOnItsOwnDaemonThreadWithAPollIntervalAndStopWithZero() {
        var mock = mockProducer();
        List<Thread> dispatchedOn = new CopyOnWriteArrayList<>();
        try (var producer = PollingProducer.wrap(mock).name("unit").build()) {
            producer.onDeliveryReport(report -> dispatchedOn.add(Thread.currentThread()));
            producer.setPollInterval(Duration.ofMillis(5));
            for (int i = 1; i <= 3; i++) {
                producer.send(record(i), i);
            }
            completeAll(mock);

            waitUpTo(Duration.ofSeconds(10)).until(() -> dispatchedOn.size() == 3);
            assertThat(dispatchedOn).allSatisfy(thread -> {
                assertThat(thread.getName()).isEqualTo("delivery-report-poller | unit");
                assertThat(thread.isDaemon()).isTrue();
            });

            producer.setPollInterval(Duration.ZERO);
            assertThat(producer.pollInterval()).isZero();
            waitUpTo(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("delivery-report-poller | unit")));
            producer.send(record(4), 4);
            mock.completeNext();
            // with the interval off, only a poll dispatches: the report stays queued until then
            assertThat(producer.queuedReports()).isEqualTo(1);
            assertThat(producer.poll()).isEqualTo(1);
            assertThat(dispatchedOn.get(3)).isSameAs(Thread.currentThread());
        }
        assertThatThrownBy(() -> PollingProducer.wrap(mockProducer()).build().setPollInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAwaitReportsUntilThePollThreadDispatchedEveryOneAndSayFalseWhenTimeRunsOut() throws Exception {
        var mock = mockProducer();
        List<Object> opaques = new CopyOnWriteArrayList<>();
        try (var producer = PollingProducer.wrap(mock).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            assertThat(producer.awaitReports(Duration.ZERO)).as("nothing sent, nothing to wait for").isTrue();
            producer.send(record(1), 1);
            producer.send(record(2), 2);
            // no callback has run: nothing can be dispatched, so the wait runs out
            assertThat(producer.awaitReports(Duration.ofMillis(50))).isFalse();
            completeAll(mock);
            // the callbacks queued both reports; with polling off nobody dispatches them: still false
            assertThat(producer.awaitReports(Duration.ofMillis(50))).isFalse();
            assertThat(opaques).isEmpty();

            producer.setPollInterval(Duration.ofMillis(5)); // the poll thread dispatches them; the wait ends
            assertThat(producer.awaitReports(Duration.ofSeconds(30))).isTrue();
            assertThat(opaques).containsExactly(1, 2);
            assertThat(producer.unreportedMessages()).isZero();
        }
    }

    /** Keeps each send's callback so that the test can run them in any order, with the metadata it chooses. */
    private static final class CallbackCapturingProducer extends MockProducer<String, String> {
        private final List<Callback> callbacks = new ArrayList<>();

        CallbackCapturingProducer() {
            super(false, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            callbacks.add(callback);
            return super.send(record, null);
        }

        /** Runs the callback of the {@code n}th send (1 for the first) as the I/O thread would after a write. */
        void complete(int n, TopicPartition partition, long offset) {
            callbacks.get(n - 1).onCompletion(new RecordMetadata(partition, offset, 0, 1_000L + n, 5, 7), null);
        }
    }

    /** Fails what is still in flight when closed, as KafkaProducer.close(timeout) does when its time runs out. */
    private static final class FailPendingOnCloseProducer extends MockProducer<String, String> {
        FailPendingOnCloseProducer() {
            super(false, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public void close(Duration timeout) {
            while (errorNext(new TimeoutException("Expired while the producer was closing."))) {
                // one callback per message still in flight
            }
            super.close(timeout);
        }
    }
}
