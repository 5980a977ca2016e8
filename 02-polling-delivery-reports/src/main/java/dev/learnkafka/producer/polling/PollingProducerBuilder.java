package dev.learnkafka.producer.polling;

import org.apache.kafka.clients.producer.Producer;

/**
 * How to build a {@link PollingProducer}: {@code PollingProducer.wrap(producer).name(..).reportValues(..)
 * .queueCapacity(..).build()}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PollingProducerBuilder<K, V> {
    private final Producer<K, V> producer;
    private String name = "producer";
    private boolean reportValues;
    private int queueCapacity = PollingProducer.DEFAULT_QUEUE_CAPACITY;

    PollingProducerBuilder(Producer<K, V> producer) {
        this.producer = producer;
    }

    /** Names the poll thread, {@code delivery-report-poller | <name>}; use the client.id. */
    public PollingProducerBuilder<K, V> name(String name) {
        this.name = name;
        return this;
    }

    /** Reports carry the message's value: node-rdkafka's {@code dr_msg_cb: true}. Off by default. */
    public PollingProducerBuilder<K, V> reportValues(boolean reportValues) {
        this.reportValues = reportValues;
        return this;
    }

    /**
     * How many messages may be in flight or wait for a poll; {@value PollingProducer#DEFAULT_QUEUE_CAPACITY} by
     * default (librdkafka's {@code queue.buffering.max.messages}).
     */
    public PollingProducerBuilder<K, V> queueCapacity(int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("The queue needs room for at least one report.");
        }
        this.queueCapacity = queueCapacity;
        return this;
    }

    public PollingProducer<K, V> build() {
        return new PollingProducer<>(producer, name, reportValues, queueCapacity);
    }
}
