package dev.learnkafka.producer.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@KafkaTest
class PollingProducerTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void shouldReportEveryMessageExactlyOnceWithItsOpaqueValueAndOffset(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("exactly-once-reports");
        broker.createTopic(topic, 3);
        int messages = 2_000;
        List<DeliveryReport<String, String>> reports = Collections.synchronizedList(new ArrayList<>());

        try (var producer = producer(broker, topic).reportValues(true).build()) {
            producer.onDeliveryReport(reports::add);
            for (int i = 1; i <= messages; i++) {
                producer.send(new ProducerRecord<>(topic, "value-" + i), "opaque::" + i);
            }
            await().atMost(LIMIT).until(() -> {
                producer.poll();
                return reports.size() >= messages;
            });
        } // close() must not dispatch anything a second time

        assertThat(reports).hasSize(messages).allMatch(DeliveryReport::delivered);
        assertThat(reports).extracting(DeliveryReport::opaque).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, messages)
                        .mapToObj(i -> "opaque::" + i).toList());
        assertThat(reports).allSatisfy(r -> assertThat(r.value())
                .isEqualTo(((String) r.opaque()).replace("opaque::", "value-")));
        // per partition, reports come in offset order
        Map<Integer, List<Long>> offsetsByPartition = new HashMap<>();
        reports.forEach(r -> offsetsByPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset()));
        offsetsByPartition.values().forEach(offsets -> assertThat(offsets).isSorted().doesNotHaveDuplicates());
        // and the offsets are where a consumer finds each value
        assertThat(consumeAll(broker, topic, messages))
                .extracting(ConsumerRecord::partition, ConsumerRecord::offset, ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(reports.stream()
                        .map(r -> tuple(r.partition(), r.offset(), r.value())).toList());
    }

    @Test
    void shouldDispatchOnThePollThreadWithoutTheApplicationCallingPoll(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("poll-interval");
        broker.createTopic(topic, 3);
        List<Thread> dispatchedOn = Collections.synchronizedList(new ArrayList<>());

        try (var producer = producer(broker, topic).name("interval-test").build()) {
            producer.onDeliveryReport(report -> dispatchedOn.add(Thread.currentThread()));
            producer.setPollInterval(Duration.ofMillis(200));
            for (int i = 1; i <= 100; i++) {
                producer.send(new ProducerRecord<>(topic, "value-" + i), i);
            }
            // the test never calls poll()
            await().atMost(LIMIT).until(() -> dispatchedOn.size() == 100);
            assertThat(producer.pollInterval()).isEqualTo(Duration.ofMillis(200));
        }
        assertThat(dispatchedOn).hasSize(100).allSatisfy(thread -> {
            assertThat(thread.getName()).isEqualTo("delivery-report-poller | interval-test");
            assertThat(thread.isDaemon()).isTrue();
        });
    }

    @Test
    void shouldKeepEveryReportQueuedUntilTheNextPollWhenTheIntervalIsZero(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("interval-zero");
        broker.createTopic(topic, 3);
        AtomicInteger dispatched = new AtomicInteger();

        try (var producer = producer(broker, topic).build()) {
            producer.onDeliveryReport(report -> dispatched.incrementAndGet());
            producer.setPollInterval(Duration.ofMillis(50));
            producer.setPollInterval(Duration.ZERO); // the blog's setPollInterval(0): polling off
            for (int i = 1; i <= 500; i++) {
                producer.send(new ProducerRecord<>(topic, "value-" + i), i);
            }
            producer.flush(); // every callback has run: all 500 reports are in the queue

            // nobody polls, so nothing is dispatched, for as long as we look
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> dispatched.get() == 0);
            assertThat(producer.queuedReports()).isEqualTo(500);
            assertThat(producer.unreportedMessages()).isEqualTo(500);

            assertThat(producer.poll()).isEqualTo(500);
            assertThat(dispatched).hasValue(500);
            assertThat(producer.queuedReports()).isZero();
            assertThat(producer.unreportedMessages()).isZero();
            assertThat(producer.poll()).isZero();
        }
        assertThat(dispatched).hasValue(500);
    }

    @Test
    void shouldWaitForTheFirstReportWhenPollingWithATimeout(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("poll-timeout");
        broker.createTopic(topic, 1);
        List<Object> opaques = Collections.synchronizedList(new ArrayList<>());

        try (var producer = producer(broker, topic).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            assertThat(producer.poll(Duration.ofMillis(50))).as("nothing sent, nothing to wait for").isZero();

            producer.send(new ProducerRecord<>(topic, "value-1"), "opaque::1");
            // no flush: the report does not exist yet when poll starts waiting for it
            assertThat(producer.poll(Duration.ofSeconds(30))).isEqualTo(1);
        }
        assertThat(opaques).containsExactly("opaque::1");
    }

    @Test
    void shouldGiveNoReportsToAProgramThatNeverPolls(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("never-polls");
        broker.createTopic(topic, 3);
        AtomicInteger dispatched = new AtomicInteger();

        // the classic node-rdkafka mistake: a listener, but no poll() and no setPollInterval()
        var producer = producer(broker, topic).name("never-polls").build();
        producer.onDeliveryReport(report -> dispatched.incrementAndGet());
        for (int i = 1; i <= 200; i++) {
            producer.send(new ProducerRecord<>(topic, "value-" + i), i);
        }
        producer.flush(); // all 200 messages are written and their callbacks have run

        assertThat(dispatched).as("reports dispatched to a program that never polls").hasValue(0);
        assertThat(producer.queuedReports()).isEqualTo(200);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.equals("delivery-report-poller | never-polls"));

        producer.close(); // this tutorial's close() still dispatches them: none is lost
        assertThat(dispatched).hasValue(200);
    }

    @Test
    void shouldRefuseToSendWithLocalQueueFullWhenNobodyPollsAndAcceptAgainAfterAPoll(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("queue-full");
        broker.createTopic(topic, 3);
        List<Object> opaques = Collections.synchronizedList(new ArrayList<>());

        try (var producer = producer(broker, topic).queueCapacity(10).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            for (int i = 1; i <= 10; i++) {
                producer.send(new ProducerRecord<>(topic, "value-" + i), i);
            }

            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "value-11"), 11))
                    .isInstanceOf(QueueFullException.class)
                    .hasMessageStartingWith("Local: Queue full")
                    .hasMessageContaining("poll()");
            assertThat(producer.unreportedMessages()).isEqualTo(10);

            producer.flush();
            assertThat(producer.poll()).isEqualTo(10); // the reports free their slots
            producer.send(new ProducerRecord<>(topic, "value-11"), 11);
        }

        assertThat(opaques).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        // the refused attempt was not sent: 11 messages in the topic, not 12
        assertThat(consumeAll(broker, topic, 11)).extracting(ConsumerRecord::value).doesNotHaveDuplicates();
    }

    @Test
    void shouldSendEveryMessageWhenTheSenderPollsOnQueueFull(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("poll-on-full");
        broker.createTopic(topic, 3);
        List<Object> opaques = Collections.synchronizedList(new ArrayList<>());

        try (var producer = producer(broker, topic).queueCapacity(10).build()) {
            producer.onDeliveryReport(report -> opaques.add(report.opaque()));
            for (int i = 1; i <= 50; i++) { // five times the capacity, and no poll thread
                producer.sendWhenRoom(new ProducerRecord<>(topic, "value-" + i), i);
            }
            // at most 10 can still be unreported when the loop ends: the polls that made room dispatched the rest
            assertThat(opaques).hasSizeGreaterThanOrEqualTo(40);
        }
        assertThat(opaques).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    void shouldDispatchEveryUndrainedReportOnCloseOnTheClosingThread(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("close-drains");
        broker.createTopic(topic, 3);
        List<Thread> dispatchedOn = Collections.synchronizedList(new ArrayList<>());

        var producer = producer(broker, topic).build();
        producer.onDeliveryReport(report -> dispatchedOn.add(Thread.currentThread()));
        for (int i = 1; i <= 300; i++) {
            producer.send(new ProducerRecord<>(topic, "value-" + i), i);
        }
        assertThat(dispatchedOn).isEmpty();

        producer.close(); // no flush, no poll before: close sends what is buffered and dispatches every report

        assertThat(dispatchedOn).hasSize(300).allMatch(thread -> thread == Thread.currentThread());
        assertThat(producer.unreportedMessages()).isZero();
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "late"), 301))
                .isInstanceOf(IllegalStateException.class);
        producer.close(); // closing twice is harmless
    }

    @Test
    void shouldReportEveryMessageOnceEvenWhenCloseRunsOutOfTime(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("close-timeout");
        broker.createTopic(topic, 3);
        List<DeliveryReport<String, String>> reports = Collections.synchronizedList(new ArrayList<>());

        var producer = producer(broker, topic).build();
        producer.onDeliveryReport(reports::add);
        for (int i = 1; i <= 2_000; i++) {
            producer.send(new ProducerRecord<>(topic, "value-" + i), i);
        }
        producer.close(Duration.ZERO); // no time at all: the Java producer fails what it has not sent yet

        assertThat(reports).hasSize(2_000).extracting(DeliveryReport::opaque).doesNotHaveDuplicates();
        assertThat(reports).filteredOn(r -> !r.delivered())
                .allSatisfy(r -> assertThat(r.offset()).isEqualTo(-1));
    }

    @Test
    void shouldKeepThePollThreadAndTheOtherReportsWhenAListenerThrows(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("throwing-listener");
        broker.createTopic(topic, 3);
        AtomicInteger thrown = new AtomicInteger();
        List<Object> received = Collections.synchronizedList(new ArrayList<>());

        try (var producer = producer(broker, topic).build()) {
            producer.onDeliveryReport(report -> {
                thrown.incrementAndGet();
                throw new IllegalStateException("listener bug on " + report.opaque());
            });
            producer.onDeliveryReport(report -> received.add(report.opaque()));
            producer.setPollInterval(Duration.ofMillis(50));

            for (int i = 1; i <= 100; i++) {
                producer.send(new ProducerRecord<>(topic, "value-" + i), i);
            }
            await().atMost(LIMIT).until(() -> received.size() == 100);
            // the poll thread survived: a second round arrives without a poll() either
            for (int i = 101; i <= 200; i++) {
                producer.send(new ProducerRecord<>(topic, "value-" + i), i);
            }
            await().atMost(LIMIT).until(() -> received.size() == 200);
        }
        assertThat(received).hasSize(200).doesNotHaveDuplicates();
        assertThat(thrown).hasValue(200);
    }

    @Test
    void shouldReportAFailedDeliveryWithItsErrorAndOpaque(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("failed-report");
        broker.createTopic(topic, 3);
        List<DeliveryReport<String, String>> reports = Collections.synchronizedList(new ArrayList<>());
        Properties props = settings(broker, topic);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_024);

        try (var producer = PollingProducer.wrap(new KafkaProducer<String, String>(props)).reportValues(true)
                .build()) {
            producer.onDeliveryReport(reports::add);
            producer.send(new ProducerRecord<>(topic, "small"), "opaque::small");
            producer.send(new ProducerRecord<>(topic, "x".repeat(2_000)), "opaque::too-large");
        }

        assertThat(reports).hasSize(2);
        assertThat(reports).filteredOn(r -> r.opaque().equals("opaque::small")).singleElement()
                .satisfies(r -> assertThat(r.delivered()).isTrue());
        assertThat(reports).filteredOn(r -> r.opaque().equals("opaque::too-large")).singleElement()
                .satisfies(r -> {
                    assertThat(r.delivered()).isFalse();
                    assertThat(r.error()).isInstanceOf(RecordTooLargeException.class);
                    assertThat(r.offset()).isEqualTo(-1);
                    assertThat(r.topic()).isEqualTo(topic);
                    assertThat(r.toJson()).contains("\"error\": \"org.apache.kafka.common.errors.RecordTooLarge");
                });
    }

    @Test
    void shouldLeaveValuesOutOfReportsUnlessAskedLikeDrMsgCb(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("no-values");
        broker.createTopic(topic, 1);
        List<DeliveryReport<String, String>> reports = Collections.synchronizedList(new ArrayList<>());

        try (var producer = producer(broker, topic).build()) {
            producer.onDeliveryReport(reports::add);
            producer.send(new ProducerRecord<>(topic, 0, 1_560_403_372_230L, "key-1", "value-1"), "opaque::1");
        }

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r).extracting(DeliveryReport::topic, DeliveryReport::partition, DeliveryReport::offset,
                            DeliveryReport::key, DeliveryReport::value, DeliveryReport::opaque,
                            DeliveryReport::timestamp)
                    .containsExactly(topic, 0, 0L, "key-1", null, "opaque::1", 1_560_403_372_230L);
            assertThat(r.toJson()).isEqualTo("""
                    {
                      "topic": "%s",
                      "partition": 0,
                      "offset": 0,
                      "key": "key-1",
                      "opaque": "opaque::1",
                      "timestamp": 1560403372230,
                      "value": null,
                      "error": null
                    }""".formatted(topic));
        });
    }

    private static PollingProducerBuilder<String, String> producer(KafkaBroker broker, String topic) {
        return PollingProducer.wrap(new KafkaProducer<String, String>(settings(broker, topic)));
    }

    private static Properties settings(KafkaBroker broker, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // one client.id per test: tests run side by side in one JVM, and the client registers an MBean per id
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "test-" + topic);
        return props;
    }

    private static List<ConsumerRecord<String, String>> consumeAll(KafkaBroker broker, String topic, int expected) {
        List<ConsumerRecord<String, String>> read = TopicReader.readAll(broker.bootstrapServers(), topic, expected);
        assertThat(read).hasSize(expected);
        return read;
    }
}
