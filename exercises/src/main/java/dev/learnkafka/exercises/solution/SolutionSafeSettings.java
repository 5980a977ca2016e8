package dev.learnkafka.exercises.solution;

import java.util.Properties;

import dev.learnkafka.exercises.SafeSettings;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Exercise 5, a reference solution. */
public class SolutionSafeSettings implements SafeSettings {
    @Override
    public Properties settings(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // acknowledged only when every in-sync replica has the message
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // sequence numbers per partition: a retry can neither duplicate nor reorder
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // idempotence keeps order with up to 5 requests in flight per connection
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // the whole budget for a message's outcome, retries included
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        // must fit in the budget: delivery.timeout.ms >= linger.ms + request.timeout.ms
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }
}
