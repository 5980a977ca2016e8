package dev.learnkafka.exercises.solution;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.learnkafka.exercises.OpaqueReports;
import dev.learnkafka.producer.polling.DeliveryReport;
import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.producer.polling.QueueFullException;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Exercise 4, a reference solution: one thread sends and polls; the opaque token says which message a report is for. */
public class SolutionOpaqueReports implements OpaqueReports {
    @Override
    public Map<Integer, DeliveryReport<String, String>> sendAll(PollingProducer<String, String> producer,
                                                                 String topic, List<String> values, Duration timeout)
            throws InterruptedException {
        Map<Integer, DeliveryReport<String, String>> reports = new HashMap<>();
        // the listener runs inside poll(), on this thread: a plain HashMap is enough
        producer.onDeliveryReport(report -> {
            if (report.opaque() instanceof Integer token) {
                reports.put(token, report);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < values.size(); i++) {
            while (true) {
                try {
                    producer.send(new ProducerRecord<>(topic, values.get(i)), i);
                    break;
                } catch (QueueFullException e) {
                    // every slot is taken by a message whose report waits for us: dispatch some, then retry
                    producer.poll(Duration.ofMillis(100));
                    if (System.nanoTime() > deadline) {
                        return reports;
                    }
                }
            }
            producer.poll(); // dispatch what is there, never wait
        }
        while (reports.size() < values.size() && System.nanoTime() < deadline) {
            producer.poll(Duration.ofMillis(100));
        }
        return reports;
    }

    @Override
    public DeliveryReport<String, String> failOnPurpose(PollingProducer<String, String> producer, String topic)
            throws InterruptedException {
        DeliveryReport<String, String>[] doomed = newArray();
        producer.onDeliveryReport(report -> {
            if ("doomed".equals(report.opaque())) {
                doomed[0] = report;
            }
        });
        // larger than max.request.size (1 MiB): the client refuses it, and the refusal comes as its report
        producer.send(new ProducerRecord<>(topic, "x".repeat(2_000_000)), "doomed");
        while (doomed[0] == null) {
            producer.poll(Duration.ofMillis(100));
        }
        return doomed[0];
    }

    @SuppressWarnings("unchecked")
    private static DeliveryReport<String, String>[] newArray() {
        return new DeliveryReport[1];
    }
}
