package dev.learnkafka.producer.highlevel;

import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The producer settings every stage starts from; each stage adds its own on top. */
public final class ProducerSettings {
    /** The blog's client.id. */
    public static final String CLIENT_ID = "demo-producer";

    private ProducerSettings() {
    }

    /**
     * The settings of stage 01. A stage passes them to {@code run.settings(...)}, which puts the reader's
     * {@code KAFKA_CLIENT_CONFIG} on top.
     *
     * @param bootstrapServers the brokers to connect to
     */
    public static Properties base(String bootstrapServers) {
        // tag::config[]
        Properties props = new Properties();
        // Allows to correlate requests on the broker with this producer (the blog's 'client.id')
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        // Used only to fetch the full list of brokers and the metadata (the blog's 'bootstrap.servers')
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // node-rdkafka sends Buffers; the Java client turns keys and values into bytes with serializers
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // send() and partitionsFor() wait at most this long for metadata (default 60 s: long for a tutorial run)
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        // end::config[]
        return props;
    }
}
