package dev.learnkafka.producer.flush;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.learnkafka.producer.polling.DeliveryReport;
import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.Run;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 05, the blog's "Using producer.flush()": stage 02's polling producer, flushed with a timeout on a bounded
 * pool of worker threads; the flush dispatches the delivery reports (no poll by the application), and more flushes
 * than workers time out in waves. Steps as on docs/05-flush.md. {@link #sendAndFlush} is the lesson; the run
 * contract ({@link Run}) hands it the brokers, the topic, {@code --messages} and your settings, makes the broker go
 * away for {@code --broker stop}, prints the summary and picks the exit code.
 */
public final class FlushDemo {
    // tag::copy[]
    private static final Logger log = LoggerFactory.getLogger(FlushDemo.class);
    /** The blog's client.id. */
    static final String CLIENT_ID = "demo-producer";
    /** How long a produce request may go unanswered; Kafka wants delivery.timeout.ms >= linger.ms + this. */
    static final int REQUEST_TIMEOUT_MS = 5_000;
    // end::copy[]
    /** With {@code --broker stop} and a broker of yours: how long the run waits for you to stop it. */
    static final Duration WAIT_FOR_BROKER_TO_STOP = Duration.ofSeconds(120);

    static final CommandLine OPTIONS = Run.options("05-flush", "Sends N messages with stage 02's polling "
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

    // tag::copy[]
    /** How many flushes to ask for at once, on how many threads, each with which timeout. */
    record Flushes(int count, int threads, Duration timeout) {
    }
    // end::copy[]

    private FlushDemo() {
    }

    public static void main(String[] args) {
        System.exit(Run.main(args, OPTIONS, FlushDemo::run));
    }

    static int run(Run run) throws Exception {
        // the options, checked before anything connects: a mistake is one line and exit 2
        String broker = run.option("--broker").trim();
        if (!broker.equals("keep") && !broker.equals("stop")) {
            throw Run.usageError("--broker takes keep or stop, not '" + broker + "'.");
        }
        int lingerMs = run.intOption("--linger-ms");
        int least = lingerMs + REQUEST_TIMEOUT_MS;
        int deliveryTimeoutMs = run.option("--delivery-timeout-ms") == null ? Math.max(10_000, least)
                : run.intOption("--delivery-timeout-ms");
        if (deliveryTimeoutMs < least) {
            throw Run.usageError("--delivery-timeout-ms must be at least linger-ms + request.timeout.ms = " + least
                    + ", not " + deliveryTimeoutMs + ".");
        }
        Flushes flushes = new Flushes(run.intOption("--flushes"), run.intOption("--flush-threads"),
                Duration.ofMillis(run.intOption("--flush-timeout-ms")));
        Properties props = producerSettings(run.bootstrapServers(), run.yourSettings(), lingerMs, deliveryTimeoutMs);
        BooleanSupplier brokerGoesAway = () -> {
            try {
                return run.brokerGoesAway(WAIT_FOR_BROKER_TO_STOP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
        sendAndFlush(props, run.topic(), run.messages(), flushes, broker.equals("stop") ? brokerGoesAway : null);
        return Run.OK; // the run contract prints "Delivered X of N messages." and picks the exit code
    }

    // tag::copy[]
    // tag::settings[]
    /** Step 1: the settings of stages 01 and 02, then this stage's; yours on top. */
    static Properties producerSettings(String bootstrapServers, Properties yours, int lingerMs,
                                       int deliveryTimeoutMs) {
        Properties props = new Properties();
        // the blog's client.id; keys and values are Strings, as in stages 01 and 02
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // send() waits at most this long for a topic's metadata (default 60 s: long for a tutorial run)
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        // how long a record waits for more records to share its batch; a flush does not wait for it
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        // a broker that stopped answering a request is noticed after 5 s instead of 30 s
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        // how long a message may wait for delivery before its report says it failed (default 2 minutes)
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        // when every broker is gone, keep what we know of the cluster: the default (rebootstrap) forgets the
        // topic's partitions, and send() would then block up to max.block.ms waiting for metadata
        props.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, MetadataRecoveryStrategy.NONE.name);
        props.putAll(yours); // your own settings on top (a KAFKA_CLIENT_CONFIG file)
        return props;
    }
    // end::settings[]
    // end::copy[]

    // tag::lesson[]
    /** @param brokerGoesAway null, or what makes the broker go away once the producer is fully ready */
    static void sendAndFlush(Properties props, String topic, int messages, Flushes flushes,
                             BooleanSupplier brokerGoesAway) throws Exception {
        ProducerConfig inForce = new ProducerConfig(props); // as the producer reads them: your file may set them
        log.info("linger.ms {}, delivery.timeout.ms {}.", inForce.getLong(ProducerConfig.LINGER_MS_CONFIG),
                inForce.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));

        // step 2: stage 02's producer, no poll interval; and the pool that flushes it (UV_THREADPOOL_SIZE)
        // tag::create[]
        KafkaProducer<String, String> client = new KafkaProducer<>(props);
        try (PollingProducer<String, String> producer = PollingProducer.wrap(client)
                     .name(CLIENT_ID).reportValues(true).build();
             FlushPool pool = new FlushPool(producer, flushes.threads())) {
            // end::create[]

            // step 3: the listeners run on the thread that dispatches reports: a flush worker, or close()
            AtomicInteger reported = new AtomicInteger();
            producer.onDeliveryReport(report -> reported.incrementAndGet());
            producer.onDeliveryReport(FlushDemo::logReport);

            // step 4: ready; with --broker stop, fully ready (producer id), then the broker goes away
            client.partitionsFor(topic);
            log.info("Producer ready: metadata for {} fetched.", topic);
            if (brokerGoesAway != null) {
                BrokerOutage.sendReadyCheck(client, topic);
                if (!brokerGoesAway.getAsBoolean()) {
                    return;
                }
            }

            // step 5: send value-1..value-N; polling stays off, so the reports wait in the queue
            for (int i = 1; i <= messages; i++) {
                producer.sendWhenRoom(new ProducerRecord<>(topic, "value-" + i), "opaque::" + i);
            }

            // step 6: all the flushes at once; each returns at once and calls back later
            log.info("Asking for {} of {} ms each at once; flush threads: {}.", flushes.count() == 1 ? "1 flush"
                    : flushes.count() + " flushes", flushes.timeout().toMillis(), flushes.threads());
            // tag::flush-all[]
            long origin = System.nanoTime();
            List<FlushReport> reports = new CopyOnWriteArrayList<>();
            CountDownLatch outcomes = new CountDownLatch(flushes.count());
            for (int i = 1; i <= flushes.count(); i++) {
                // node-rdkafka: producer.flush(2000, (err) => ...); this call returns at once too
                pool.flush(flushes.timeout(), (report, exception) -> {
                    reports.add(report);
                    log.info("Flush {} started at {} ms and ended at {} ms: {}", report.number(),
                            report.startedMs(origin), report.endedMs(origin), exception == null ? "ok."
                                    : report.timedOut() ? "timed out." : "failed: " + exception.getMessage());
                    outcomes.countDown();
                });
            }
            // a flush ends by its timeout at the latest: the last of ceil(flushes / threads) waves is over by then
            if (!outcomes.await(flushes.count() * flushes.timeout().toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                log.warn("Some flushes have no outcome long after their timeouts.");
            }
            // end::flush-all[]

            // step 7: the timeline: when each flush waited, ran, and ended
            FlushTimeline.print(reports, origin);

            // step 8: close: each message still waiting gets its report, delivered or expired (delivery.timeout.ms)
            if (reported.get() < messages) {
                log.info("{} of {} messages still wait in the producer; closing it waits until each one is "
                        + "delivered or expires, and dispatches their reports.", messages - reported.get(), messages);
            }
        }
    }
    // end::lesson[]

    // tag::copy[]
    private static void logReport(DeliveryReport<String, String> report) {
        if (report.delivered()) {
            log.info("Delivered {} to {} partition {} at offset {}", report.value(), report.topic(),
                    report.partition(), report.offset());
        } else {
            log.error("Could not deliver {}: {}", report.value(), report.error().toString());
        }
    }
    // end::copy[]
}
