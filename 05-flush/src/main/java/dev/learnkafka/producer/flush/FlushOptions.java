package dev.learnkafka.producer.flush;

import java.util.Properties;

import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.Run;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.LoggerFactory;

/** The stage's options, and the producer settings they make: a layer on top of stage 01's. */
final class FlushOptions {
    /** How long a produce request may go unanswered; Kafka wants delivery.timeout.ms >= linger.ms + this. */
    static final int REQUEST_TIMEOUT_MS = 5_000;

    /** The options, a new CommandLine each time: parsing fills it in (a test runs the stage several times). */
    static CommandLine commandLine() {
        return Run.options("05-flush", "Sends N messages with stage 02's polling "
                + "producer, then asks for several flushes at once, each with a timeout,\non a pool of flush threads, "
                + "and shows when each one started and ended: the node-rdkafka blog's flush experiment.")
                .intOption("--flushes", "N", "how many flushes to ask for at once", 8, 1, 1_000)
                .intOption("--flush-threads", "N", "worker threads that run flushes (libuv's UV_THREADPOOL_SIZE)",
                        FlushPool.DEFAULT_THREADS, 1, 128)
                .intOption("--flush-timeout-ms", "MS", "how long each flush may take once a worker runs it", 2000, 1,
                        60_000)
                .intOption("--linger-ms", "MS", "the producer's linger.ms: how long records wait to fill a batch", 5, 0,
                        60_000)
                .option("--broker", "keep|stop", "stop: the broker goes away once the producer is ready (yours: "
                        + "stop it when asked)", "keep")
                .intOption("--delivery-timeout-ms", "MS", "the producer's delivery.timeout.ms: how long a message may "
                        + "wait for delivery; default max(10000, linger-ms + " + REQUEST_TIMEOUT_MS
                        + ")", null, 1, 600_000);
    }

    private FlushOptions() {
    }

    /** The layer for this run's options; a delivery timeout below linger.ms + request.timeout.ms is exit 2. */
    static Properties layer(Run run) {
        String deliveryTimeout = run.option("--delivery-timeout-ms");
        return layer(run.intOption("--linger-ms"), deliveryTimeout == null ? null
                : run.intOption("--delivery-timeout-ms"));
    }

    // tag::settings[]
    /** deliveryTimeoutMs null: max(10 s, linger.ms + request.timeout.ms). */
    static Properties layer(int lingerMs, Integer deliveryTimeoutMs) {
        int least = lingerMs + REQUEST_TIMEOUT_MS;
        int delivery = deliveryTimeoutMs != null ? deliveryTimeoutMs : Math.max(10_000, least);
        if (delivery < least) {
            throw Run.usageError("--delivery-timeout-ms must be at least linger-ms + request.timeout.ms = "
                    + least + ", not " + delivery + ".");
        }
        Properties props = new Properties();
        // how long a record waits for more records to share its batch; a flush does not wait for it
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        // a broker that stopped answering a request is noticed after 5 s instead of 30 s
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        // how long a message may wait for delivery before its report says it failed (default 2 minutes)
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        // when every broker is gone, keep what we know of the cluster: the default (rebootstrap) forgets the
        // topic's partitions, and send() would then block up to max.block.ms waiting for metadata
        props.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, MetadataRecoveryStrategy.NONE.name);
        return props;
    }
    // end::settings[]

    /** Logs linger.ms and delivery.timeout.ms as the producer reads them: a KAFKA_CLIENT_CONFIG file may set them. */
    static void logInForce(Properties props) {
        LoggerFactory.getLogger(FlushDemo.class).info("linger.ms {}, delivery.timeout.ms {}.",
                Run.setting(props, ProducerConfig.LINGER_MS_CONFIG),
                Run.setting(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
    }

    /** {@code --broker keep|stop}: true for stop; anything else is exit 2. */
    static boolean stopBroker(Run run) {
        String broker = run.option("--broker").trim();
        if (!broker.equals("keep") && !broker.equals("stop")) {
            throw Run.usageError("--broker takes keep or stop, not '" + broker + "'.");
        }
        return broker.equals("stop");
    }
}
