package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Where a callback runs when {@code send()} itself fails: on the caller's thread, before {@code send()} returns
 * (the page's "thread names" paragraph). A record that was sent has its callback on the I/O thread, which stage
 * 01's run output shows. No broker: nothing listens on port 1, so the metadata wait ends after max.block.ms.
 */
class CallbackThreadTest {

    @Test
    void shouldRunTheCallbackOnTheCallersThreadBeforeSendReturnsWhenSendItselfFails() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-producer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 200);
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicReference<Exception> error = new AtomicReference<>();
        try (var producer = new KafkaProducer<String, String>(props)) {
            producer.send(new ProducerRecord<>("first_topic", "value-1"), (metadata, exception) -> {
                thread.set(Thread.currentThread().getName());
                error.set(exception);
            });
            // send() has returned: the callback already ran, on this thread
            assertThat(thread.get()).isEqualTo(Thread.currentThread().getName());
            assertThat(error.get()).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not present in metadata after 200 ms");
            producer.close(Duration.ZERO);
        }
    }
}
