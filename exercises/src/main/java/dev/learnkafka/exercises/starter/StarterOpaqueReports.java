package dev.learnkafka.exercises.starter;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.exercises.OpaqueReports;
import dev.learnkafka.producer.polling.DeliveryReport;
import dev.learnkafka.producer.polling.PollingProducer;

/** Your solution to exercise 4 goes here. */
public class StarterOpaqueReports implements OpaqueReports {
    @Override
    public Map<Integer, DeliveryReport<String, String>> sendAll(PollingProducer<String, String> producer,
                                                                 String topic, List<String> values, Duration timeout) {
        throw new UnsupportedOperationException("TODO: exercise 4, send with opaque tokens and poll for the reports");
    }

    @Override
    public DeliveryReport<String, String> failOnPurpose(PollingProducer<String, String> producer, String topic) {
        throw new UnsupportedOperationException("TODO: exercise 4, make one delivery fail and catch its report");
    }
}
