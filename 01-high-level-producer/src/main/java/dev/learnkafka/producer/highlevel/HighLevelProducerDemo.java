package dev.learnkafka.producer.highlevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.Run;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 01, the blog's first version: a producer that publishes 5 messages and logs where each one landed.
 *
 * <ol>
 *   <li>Print the client's version and the features this runtime really has ({@code Kafka.features}).</li>
 *   <li>Configure and create the producer ({@code new Kafka.HighLevelProducer({...})}).</li>
 *   <li>Wait until it is ready: the first metadata fetch (the {@code ready} event).</li>
 *   <li>Log the cluster metadata: brokers, the topic's partitions and leaders ({@code getMetadata}).</li>
 *   <li>Send value-1..value-N, null key, timestamp now, each with a callback ({@code produce(..., cb)}).</li>
 *   <li>Close the producer: it sends what is buffered and waits for every callback.</li>
 * </ol>
 *
 * {@link #sendMessages} is the lesson, plain kafka-clients code. {@code main} hands it what the run contract
 * ({@link Run}, module {@code run-contract}) found: the brokers ({@code KAFKA_BOOTSTRAP_SERVERS}, a broker on
 * localhost:9092, or an embedded one), the topic, {@code --messages} and your settings; the contract prints the
 * summary "Delivered X of N messages." and picks the exit code.
 */
public final class HighLevelProducerDemo {
    // tag::copy[]
    private static final Logger log = LoggerFactory.getLogger(HighLevelProducerDemo.class);
    // end::copy[]

    static final CommandLine OPTIONS = Run.options("01-high-level-producer",
            "Sends N messages value-1..value-N with a callback each, and logs where each one landed.");

    private HighLevelProducerDemo() {
    }

    public static void main(String[] args) {
        System.exit(Run.main(args, OPTIONS, HighLevelProducerDemo::run));
    }

    static int run(Run run) throws Exception {
        sendMessages(run.bootstrapServers(), run.topic(), run.messages(), run.yourSettings());
        return Run.OK;
    }

    // tag::lesson[]
    static void sendMessages(String bootstrapServers, String topic, int messages, Properties yours)
            throws Exception {
        // step 1: what this client is and what it can do here
        ClientFeatures features = ClientFeatures.detect();
        log.info("Kafka client version {} (commit {})", features.version(), features.commitId());
        log.info("Supported features {}", features.featureList());

        // step 2: the settings (the blog's new Kafka.HighLevelProducer({...})), then the producer
        Properties props = new Properties();
        // Allows to correlate requests on the broker with this producer (the blog's 'client.id')
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-producer");
        // Used only to fetch the full list of brokers and the metadata (the blog's 'bootstrap.servers')
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // node-rdkafka sends Buffers; the Java client turns keys and values into bytes with serializers
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // send() and partitionsFor() wait at most this long for metadata (default 60 s: long for a tutorial run)
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        // your own settings on top (security, tuning: a KAFKA_CLIENT_CONFIG file)
        props.putAll(yours);

        // try-with-resources closes the producer, which sends what is buffered and waits for the callbacks
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            // step 3: ready = the first metadata fetch for our topic succeeded
            long asked = System.nanoTime();
            List<PartitionInfo> partitions = producer.partitionsFor(topic);
            log.info("Producer ready: metadata for {} fetched from {} in {} ms.", topic, bootstrapServers,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));

            // step 4: the cluster metadata, as the blog's getMetadata() logs it
            logMetadata(bootstrapServers, yours, partitions);

            // step 5: send the messages; each callback reports an offset or an error
            ValueSender.send(producer, topic, messages);
        } // step 6: close sends what is buffered and runs every callback first
    }
    // end::lesson[]

    // tag::copy[]
    private static void logMetadata(String bootstrapServers, Properties yours, List<PartitionInfo> partitions)
            throws Exception {
        // tag::metadata[]
        // the producer knows its topic's partitions; the brokers and the controller come from an Admin client
        Properties adminProps = new Properties();
        adminProps.putAll(yours); // security settings, if any, apply to Admin too
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminProps)) {
            var cluster = admin.describeCluster();
            Node controller = cluster.controller().get(15, TimeUnit.SECONDS);
            log.info("Cluster {}: brokers {}", cluster.clusterId().get(15, TimeUnit.SECONDS),
                    cluster.nodes().get(15, TimeUnit.SECONDS).stream()
                            .map(n -> n.id() + "@" + n.host() + ":" + n.port()
                                    + (controller != null && n.id() == controller.id() ? " (controller)" : ""))
                            .toList());
        }
        for (PartitionInfo p : partitions) {
            log.info("Topic {} partition {}: leader {}, replicas {}, in sync {}", p.topic(), p.partition(),
                    p.leader() == null ? "none" : p.leader().id(), ids(p.replicas()), ids(p.inSyncReplicas()));
        }
        // end::metadata[]
    }

    private static List<Integer> ids(Node[] nodes) {
        List<Integer> ids = new ArrayList<>();
        for (Node n : nodes) {
            ids.add(n.id());
        }
        return ids;
    }
    // end::copy[]
}
