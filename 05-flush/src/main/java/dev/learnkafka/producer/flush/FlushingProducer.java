package dev.learnkafka.producer.flush;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.run.ClientConfigCheck;
import dev.learnkafka.run.CommandLine;
import dev.learnkafka.producer.highlevel.Delivery;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Outcomes;
import dev.learnkafka.producer.highlevel.HighLevelProducer;
import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.run.StageRunner;
import dev.learnkafka.run.TutorialBroker;
import dev.learnkafka.run.TutorialEnvironment;
import dev.learnkafka.run.UsageException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 05, the blog's "Using producer.flush()": flushes with a timeout that do not block the caller, run on a
 * bounded pool of worker threads, and what happens when there are more flushes than workers.
 *
 * <ol>
 *   <li>Read the options: messages, flushes, flush threads, flush timeout, linger.ms, and whether the broker
 *       should stop answering.</li>
 *   <li>Find the broker, as in stage 01.</li>
 *   <li>Create the producer with the given {@code linger.ms}, and the flush pool ({@code UV_THREADPOOL_SIZE}).</li>
 *   <li>Wait until the producer is ready (its first metadata fetch).</li>
 *   <li>With {@code --broker stop}: deliver one ready-check record (the producer then has its producer id), and
 *       make the broker stop answering (the embedded broker is stopped by the run; a broker of yours you stop
 *       yourself, and the run waits until it no longer answers).</li>
 *   <li>Send the messages, each with a callback.</li>
 *   <li>Ask for all the flushes at once, each with the timeout: {@code producer.flush(timeout, cb)}; each
 *       callback logs when its flush started and ended, and whether it timed out.</li>
 *   <li>When every flush has its outcome, print the timeline and the waves.</li>
 *   <li>Close the producer: it waits until every message has its one outcome, delivered or expired after
 *       {@code delivery.timeout.ms}.</li>
 * </ol>
 *
 * <p>To see flushes time out in waves, in one terminal: {@code ./mvnw -q -pl 05-flush -am compile exec:java@stage05
 * -Dexec.args="--broker stop --flushes 8 --flush-threads 4 --flush-timeout-ms 2000"} with no broker running (the
 * run starts an embedded one and stops it once the producer is ready), or with a broker of yours
 * ({@code KAFKA_BOOTSTRAP_SERVERS=localhost:9092}) that you stop with Ctrl-C when the run says it is ready.
 */
public final class FlushingProducer {
    private static final Logger log = LoggerFactory.getLogger(FlushingProducer.class);
    /** How long a produce request may go unanswered; Kafka wants delivery.timeout.ms >= linger.ms + this. */
    static final int REQUEST_TIMEOUT_MS = 5_000;
    private static final Duration WAIT_FOR_BROKER_TO_STOP = Duration.ofSeconds(120);
    private static final int CHART_COLUMNS = 40;

    private FlushingProducer() {
    }

    public static void main(String[] args) {
        System.exit(StageRunner.main(a -> run(a, TutorialEnvironment.fromSystem()), args));
    }

    static CommandLine commandLine() {
        return new CommandLine("05-flush",
                "Sends N messages, then asks for several flushes at once, each with a timeout, on a pool of flush "
                        + "threads,\nand shows when each one started and ended: the node-rdkafka blog's flush "
                        + "experiment.")
                .intOption("--messages", "N", "how many messages to send", 5, 1, 1_000_000)
                .intOption("--flushes", "N", "how many flushes to ask for at once", 8, 1, 1_000)
                .intOption("--flush-threads", "N", "worker threads that run flushes (libuv's UV_THREADPOOL_SIZE)",
                        FlushPool.DEFAULT_THREADS, 1, 128)
                .intOption("--flush-timeout-ms", "MS", "how long each flush may take once a worker runs it", 2000, 1,
                        60_000)
                .intOption("--linger-ms", "MS", "the producer's linger.ms: how long records wait to fill a batch", 5,
                        0, 60_000)
                .option("--broker", "keep|stop", "stop: the broker goes away once the producer is ready "
                        + "(yours: stop it when asked)", "keep")
                .intOption("--delivery-timeout-ms", "MS", "the producer's delivery.timeout.ms: how long a message "
                        + "may wait for delivery; default max(10000, linger-ms + " + REQUEST_TIMEOUT_MS + ")", null, 1,
                        600_000);
    }

    /** The options, checked. */
    record Options(int messages, int flushes, int flushThreads, Duration flushTimeout, int lingerMs,
                   boolean stopBroker, int deliveryTimeoutMs) {
        static Options from(CommandLine cli) {
            int linger = cli.intValue("--linger-ms");
            String broker = cli.value("--broker").trim();
            if (!broker.equals("keep") && !broker.equals("stop")) {
                throw new UsageException("--broker takes keep or stop, not '" + broker + "'.");
            }
            int minimumDeliveryTimeout = linger + REQUEST_TIMEOUT_MS;
            int deliveryTimeout = cli.value("--delivery-timeout-ms") != null
                    ? cli.intValue("--delivery-timeout-ms")
                    : Math.max(10_000, minimumDeliveryTimeout);
            if (deliveryTimeout < minimumDeliveryTimeout) {
                throw new UsageException("--delivery-timeout-ms must be at least linger-ms + request.timeout.ms = "
                        + minimumDeliveryTimeout + ", not " + deliveryTimeout + ".");
            }
            return new Options(cli.intValue("--messages"), cli.intValue("--flushes"),
                    cli.intValue("--flush-threads"), Duration.ofMillis(cli.intValue("--flush-timeout-ms")),
                    linger, broker.equals("stop"), deliveryTimeout);
        }
    }

    /** The whole stage; returns the exit code. */
    static int run(String[] args, TutorialEnvironment env) throws Exception {
        // step 1: the options; zero or negative counts and times are usage errors (exit 2)
        CommandLine cli = commandLine().parse(args);
        if (cli.helpRequested()) {
            System.out.print(cli.usage());
            return ExitCode.OK;
        }
        Options options = Options.from(cli);
        env = env.checked(log::warn); // bad environment or KAFKA_CLIENT_CONFIG: exit 2 before anything connects

        // step 2: the broker this run talks to
        try (TutorialBroker broker = TutorialBroker.connect(env, log::info);
             // step 3: the producer, and the pool that runs its flushes
             KafkaProducer<String, String> client = new KafkaProducer<>(settings(broker.bootstrapServers(), env,
                     options));
             // (Outcomes.watch is the run contract: it counts each message's outcome for the summary)
             Producer<String, String> producer = Outcomes.watch(client, options.messages());
             FlushPool pool = new FlushPool(producer, options.flushThreads())) {
            Properties inForce = settings(broker.bootstrapServers(), env, options); // KAFKA_CLIENT_CONFIG wins
            log.info("linger.ms {}, delivery.timeout.ms {}; {} of {} ms each on {}.",
                    ClientConfigCheck.longInForce(inForce, ProducerConfig.LINGER_MS_CONFIG),
                    ClientConfigCheck.longInForce(inForce, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                    count(options.flushes(), "flush", "flushes"),
                    options.flushTimeout().toMillis(), count(options.flushThreads(), "flush thread", "flush threads"));

            // step 4: ready = the first metadata fetch for our topic succeeded
            producer.partitionsFor(env.topic());
            log.info("Producer ready: metadata for {} fetched from {}.", env.topic(), broker.bootstrapServers());

            // step 5: the blog's experiment needs a broker that no longer answers
            if (options.stopBroker()) {
                sendReadyCheck(client, env.topic()); // not one of the N messages: not counted
                if (!stopAnswering(broker)) {
                    return ExitCode.FAILED;
                }
            }

            // step 6: send the messages; each callback reports an offset or an error
            List<Delivery> deliveries = HighLevelProducer.send(producer, env.topic(), options.messages());

            // step 7: all the flushes at once; each returns at once and calls back later
            long origin = System.nanoTime();
            List<FlushReport> reports = flushAll(pool, options, origin);

            // step 8: the timeline: when each flush waited, ran, and ended
            printTimeline(reports, origin);

            // step 9: close waits for every message's one outcome: delivered, or expired (delivery.timeout.ms)
            int waiting = options.messages() - deliveries.size();
            if (waiting > 0) {
                log.info("{} of {} messages still wait in the producer; closing it waits until each one is "
                        + "delivered or expires (delivery.timeout.ms {}).", waiting, options.messages(),
                        options.deliveryTimeoutMs());
            }
            pool.close();
            producer.close();
            // the run contract prints "Delivered X, failed Y, unknown U, not sent Z of N messages." and the exit code
            return ExitCode.OK;
        }
    }

    // tag::settings[]
    static Properties settings(String bootstrapServers, TutorialEnvironment env, Options options) {
        Properties props = ProducerSettings.base(bootstrapServers, env);
        // how long a record waits for more records to share its batch; a flush does not wait for it
        props.put(ProducerConfig.LINGER_MS_CONFIG, options.lingerMs());
        // a broker that stopped answering a request is noticed after 5 s instead of 30 s
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        // how long a message may wait for delivery before its callback reports a failure (default 2 minutes)
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, options.deliveryTimeoutMs());
        // when every broker is gone, keep what we know of the cluster: the default (rebootstrap) forgets the
        // topic's partitions, and send() would then block up to max.block.ms waiting for metadata
        props.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, MetadataRecoveryStrategy.NONE.name);
        props.putAll(env.clientConfig()); // a reader's KAFKA_CLIENT_CONFIG still wins
        return props;
    }
    // end::settings[]

    // tag::flush-all[]
    /** Asks for every flush at once and returns their reports once each one has its outcome. */
    static List<FlushReport> flushAll(FlushPool pool, Options options, long origin) throws InterruptedException {
        List<FlushReport> reports = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch outcomes = new CountDownLatch(options.flushes());
        for (int i = 1; i <= options.flushes(); i++) {
            // node-rdkafka: producer.flush(2000, (err) => ...); this call returns at once too
            pool.flush(options.flushTimeout(), (report, exception) -> {
                reports.add(report);
                log.info("Flush {} started at {} ms and ended at {} ms: {}", report.number(),
                        report.startedMs(origin), report.endedMs(origin), exception == null ? "ok."
                                : report.timedOut() ? "timed out." : "failed: " + exception.getMessage());
                outcomes.countDown();
            });
        }
        log.info("Asked for {} at once; {} take them up.", count(options.flushes(), "flush", "flushes"),
                count(options.flushThreads(), "flush thread", "flush threads"));
        // a flush ends by its timeout at the latest: the last wave is over after waves x timeout
        long waves = (options.flushes() + options.flushThreads() - 1) / options.flushThreads();
        if (!outcomes.await(waves * options.flushTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Some flushes have no outcome long after their timeouts.");
        }
        return new ArrayList<>(reports);
    }
    // end::flush-all[]

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static void printTimeline(List<FlushReport> reports, long origin) {
        System.out.println();
        System.out.println("Flush timeline (ms after the flushes were asked for):");
        FlushTimeline.chart(reports, origin, CHART_COLUMNS).forEach(System.out::println);
        System.out.println();
        FlushTimeline.waves(reports, origin).forEach(w -> System.out.println(w.describe()));
        System.out.println();
    }

    // tag::ready-check[]
    /**
     * Sends one record and waits for it. Before a broker goes away on purpose, the producer must be fully ready:
     * metadata (partitionsFor) and, since the producer is idempotent by default, its producer id. Without the id,
     * the producer's I/O thread keeps asking for one and expires nothing: its records would wait, and close()
     * with them, until a broker answers again. A delivered record is the public proof that the id is there.
     */
    static RecordMetadata sendReadyCheck(Producer<String, String> producer, String topic) throws Exception {
        RecordMetadata written = producer.send(new ProducerRecord<>(topic, "ready-check")).get(15, TimeUnit.SECONDS);
        log.info("Delivered ready-check to {} partition {} at offset {}: the producer has its producer id.",
                written.topic(), written.partition(), written.offset());
        return written;
    }
    // end::ready-check[]

    /**
     * Makes the broker stop answering: the run's own embedded broker is stopped here; a broker of the reader's is
     * stopped by the reader, and this waits until its port refuses connections. False when it never stopped.
     */
    private static boolean stopAnswering(TutorialBroker broker) throws Exception {
        String address = broker.bootstrapServers().split(",")[0].trim();
        if (broker.isEmbedded()) {
            broker.close();
            log.info("Stopped the embedded broker: nothing answers at {} any more.", address);
            return true;
        }
        log.info("Ready: now stop the broker at {} (Ctrl-C in its terminal). The run goes on once it no longer "
                + "answers (waiting up to {} s).", address, WAIT_FOR_BROKER_TO_STOP.toSeconds());
        if (!awaitSilence(address, WAIT_FOR_BROKER_TO_STOP)) {
            log.error("The broker at {} still answers after {} s; run again and stop it when asked, or leave out "
                    + "--broker stop.", address, WAIT_FOR_BROKER_TO_STOP.toSeconds());
            return false;
        }
        log.info("The broker at {} no longer answers.", address);
        return true;
    }

    /** Waits until nothing accepts connections at {@code host:port}; false when something still does at the end. */
    static boolean awaitSilence(String hostPort, Duration atMost) throws InterruptedException {
        int colon = hostPort.lastIndexOf(':');
        var address = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(
                hostPort.substring(colon + 1)));
        long deadline = System.nanoTime() + atMost.toNanos();
        do {
            try (Socket socket = new Socket()) {
                socket.connect(address, 1_000);
            } catch (IOException refused) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
