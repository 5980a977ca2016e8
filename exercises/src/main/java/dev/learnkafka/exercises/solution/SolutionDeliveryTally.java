package dev.learnkafka.exercises.solution;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.learnkafka.exercises.DeliveryTally;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Exercise 3, a reference solution: callbacks count down; the last one completes the future. */
public class SolutionDeliveryTally implements DeliveryTally {
    @Override
    public CompletableFuture<Tally> sendAll(Producer<String, String> producer, String topic, List<String> values) {
        CompletableFuture<Tally> result = new CompletableFuture<>();
        if (values.isEmpty()) {
            result.complete(new Tally(0, 0));
            return result;
        }
        AtomicInteger remaining = new AtomicInteger(values.size());
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        for (String value : values) {
            // a record the client rejects before sending (too large, say) also gets its callback, with the error
            producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                (exception == null ? delivered : failed).incrementAndGet();
                if (remaining.decrementAndGet() == 0) {
                    result.complete(new Tally(delivered.get(), failed.get()));
                }
            });
        }
        return result;
    }
}
