package dev.learnkafka.exercises.solution;

import java.util.List;

import dev.learnkafka.exercises.BatchDebug;
import dev.learnkafka.producer.logging.LogListener;

/** Exercise 7, a reference solution: {@code msg} puts the Sender and ProducerBatch loggers at TRACE. */
public class SolutionBatchDebug implements BatchDebug {
    @Override
    public String debugSpec() {
        return "msg";
    }

    @Override
    public LogListener batchListener(List<String> sink) {
        return event -> {
            String message = event.message();
            // Sender: "Sent produce request to 1: ..."; ProducerBatch: "Successfully produced messages to t-0 ..."
            if (message.contains("Sent produce request") || message.contains("Successfully produced messages")) {
                sink.add(message);
            }
        };
    }
}
