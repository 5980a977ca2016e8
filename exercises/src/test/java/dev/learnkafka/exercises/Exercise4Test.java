package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;
import static dev.learnkafka.exercises.Feedback.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.learnkafka.producer.polling.DeliveryReport;
import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@KafkaTest
@Exercise(number = 4, title = "correlate delivery reports by opaque token through the poll loop",
        page = "04-opaque-reports.md")
@Timeout(40)
class Exercise4Test {

    @Test
    void shouldMatchEveryReportToItsMessageByOpaqueTokenOnTheCallingThread(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("opaque");
        broker.createTopic(topic, 3);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            values.add("value-" + i);
        }
        Set<String> dispatchThreads = ConcurrentHashMap.newKeySet();
        Map<Integer, DeliveryReport<String, String>> reports;
        try (var producer = PollingProducer.wrap(new KafkaProducer<String, String>(Exercises.settings(broker)))
                .name("exercise-4").queueCapacity(50).build()) {
            producer.onDeliveryReport(r -> dispatchThreads.add(Thread.currentThread().getName()));
            reports = within(Duration.ofSeconds(15), "sendAll(producer, topic, 200 values, 10 s)",
                    "sendAll must give up at its timeout (10 s); poll with a wait (poll(Duration)) in a loop"
                            + " that also checks the time.",
                    () -> Exercises.implementation(OpaqueReports.class).sendAll(producer, topic, values,
                            Duration.ofSeconds(10)));
        }
        check(reports != null && reports.size() == values.size(), "200 reports, one per token 0..199",
                reports == null ? "null" : reports.size() + " reports",
                "the queue holds 50 messages: when send() throws QueueFullException, poll() to dispatch reports"
                        + " (that frees slots) and send the same message again; then poll until all 200 came.");
        check(dispatchThreads.equals(Set.of("exercise-call")),
                "every report dispatched by your poll(), on the thread that called sendAll",
                "reports were dispatched on " + dispatchThreads,
                "call producer.poll() yourself; setPollInterval and close() dispatch on other threads or too late.");

        // the producer is closed: every record it wrote is below the end offsets (read without a consumer group)
        Map<String, ConsumerRecord<String, String>> written = TopicReader.readToEnd(broker.bootstrapServers(), topic)
                .stream().collect(Collectors.toMap(ConsumerRecord::value, r -> r, (a, b) -> a));
        Set<Integer> mismatched = new TreeSet<>();
        for (int i = 0; i < values.size(); i++) {
            DeliveryReport<String, String> report = reports.get(i);
            ConsumerRecord<String, String> record = written.get(values.get(i));
            if (report == null || record == null || !report.delivered() || report.partition() != record.partition()
                    || report.offset() != record.offset()) {
                mismatched.add(i);
            }
        }
        check(mismatched.isEmpty(), "the report under token i is the one of values.get(i): same partition and offset"
                        + " as the record a consumer reads", "tokens " + mismatched + " point at another message",
                "send values.get(i) with the opaque token i (an Integer) and key the map by report.opaque().");
    }

    @Test
    void shouldMakeADeliveryFailOnPurposeAndCatchItInItsReport(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("doomed");
        broker.createTopic(topic, 1);
        Set<String> dispatchThreads = ConcurrentHashMap.newKeySet();
        DeliveryReport<String, String> report;
        try (var producer = PollingProducer.wrap(new KafkaProducer<String, String>(Exercises.settings(broker)))
                .name("exercise-4-doomed").build()) {
            producer.onDeliveryReport(r -> dispatchThreads.add(Thread.currentThread().getName()));
            report = within(Duration.ofSeconds(10), "failOnPurpose(producer, topic)",
                    "pick a failure the client reports at once, without retrying for delivery.timeout.ms (2 min):"
                            + " what does the client refuse before it even tries a broker?",
                    () -> Exercises.implementation(OpaqueReports.class).failOnPurpose(producer, topic));
        }
        check(report != null, "the report of the doomed message", "null",
                "register a listener, send with opaque \"doomed\", poll until its report came, return it.");
        check("doomed".equals(report.opaque()), "a report with opaque \"doomed\"", "opaque " + report.opaque(),
                "pass \"doomed\" as send()'s second argument, and keep the report that carries it.");
        check(!report.delivered(), "a report with an error: the message was not delivered",
                "it was delivered to " + report.topic() + "-" + report.partition() + " at offset " + report.offset(),
                "a normal message is delivered; make one the client cannot send (think of max.request.size).");
        check(dispatchThreads.contains("exercise-call"), "the report dispatched by your poll() on the calling thread",
                "dispatched on " + dispatchThreads, "poll() yourself until the report came.");
    }
}
