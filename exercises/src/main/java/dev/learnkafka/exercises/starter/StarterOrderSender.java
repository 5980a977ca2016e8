package dev.learnkafka.exercises.starter;

import java.util.List;
import java.util.concurrent.Future;

import dev.learnkafka.exercises.OrderSender;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Your solution to exercise 1 goes here. */
public class StarterOrderSender implements OrderSender {
    @Override
    public List<Future<RecordMetadata>> send(Producer<String, String> producer, String topic, List<Order> orders) {
        throw new UnsupportedOperationException("TODO: exercise 1, send each order so a customer's orders stay together");
    }
}
