package dev.learnkafka.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.learnkafka.producer.flush.FlushPool;
import dev.learnkafka.producer.logging.DebugOption;
import dev.learnkafka.producer.logging.LoggingSetup;
import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.producer.polling.QueueFullException;
import dev.learnkafka.run.TutorialEnvironment;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer side of the study, in a JVM of its own (not the broker's, not the study's), with a fixed heap so
 * that the heap figures of the points compare. It reads one {@link Point} per line on standard input and answers
 * on standard output:
 * <ul>
 *   <li>{@code PROGRESS n}: n messages of the running point have their outcome (twice a second);</li>
 *   <li>{@code FLUSH number requestedMs startedMs endedMs outcome} and {@code DELIVERED ms count} (flush points);</li>
 *   <li>{@code RESULT ...} ({@link Result#encode()}) or {@code ERROR one line} when the point is done.</li>
 * </ul>
 * Arguments: the bootstrap servers, the prefix of the topics' names (the study's: Ctrl-C deletes what starts
 * with it), and {@code --debug-all LOGFILE} for the JVM that measures stage 04's {@code --debug all} (logging
 * settings are fixed per JVM at its first logger, so that path has its own JVM).
 *
 * <p>Per point: a topic of its own (3 partitions), a fresh producer, a warm-up of a twentieth of the messages
 * with that producer (connections, buffers, metadata), a full GC, the heap figures reset, then the measured
 * messages; the topic is deleted afterwards so that a long study does not fill the broker's disk.
 *
 * <p>The heap figures come from the collectors' notifications ({@link GarbageCollectionNotificationInfo}): the
 * heap pools' use just before each collection (between collections the heap only grows, so the largest of these,
 * or the use at the end, is the peak) and just after (what the program really kept). Summing each pool's own
 * {@link MemoryPoolMXBean#getPeakUsage() peak} would overstate it: the pools peak at different moments.
 */
public final class ProducerWorker {
    static final int PARTITIONS = 3;
    /** Stage 05's flush experiment: 8 flushes at once on 4 threads (libuv's pool), each with this timeout. */
    static final int FLUSHES = 8;
    static final int FLUSH_THREADS = 4;
    static final Duration FLUSH_TIMEOUT = Duration.ofMillis(200);
    private static final int PAYLOADS = 64;

    private final String bootstrap;
    private final String topicPrefix;
    private final Properties clientConfig;
    private final PrintStream out;
    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final AtomicLong largestAfterGc = new AtomicLong();
    /** The heap in use just before each collection: between collections the heap only grows, so its peak. */
    private final AtomicLong largestBeforeGc = new AtomicLong();
    /** The count of the point being measured, for the PROGRESS lines; null between points. */
    private volatile AtomicLong progressSource;

    private ProducerWorker(String bootstrap, String topicPrefix, Properties clientConfig, PrintStream out) {
        this.bootstrap = bootstrap;
        this.topicPrefix = topicPrefix;
        this.clientConfig = clientConfig;
        this.out = out;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool);
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                            notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                (CompositeData) notification.getUserData());
                        largestBeforeGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()),
                                Math::max);
                        largestAfterGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()),
                                Math::max);
                    }
                }, null, null);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[2].equals("--debug-all")) {
            // stage 04's setup, before the first logger of this JVM: every debug context, to a file
            LoggingSetup.configure(DebugOption.parse("all"), Path.of(args[3]));
        } else {
            // standard output is the protocol: the client's own lines go to standard error, warnings only
            System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        }
        // the study gone (Ctrl-C, killed): stop now, not after the point, which may be 10,000,000 messages long
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(130)));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ProducerWorker worker = new ProducerWorker(args[0], args[1], TutorialEnvironment.fromSystem().clientConfig(),
                out);
        Thread ticker = new Thread(worker::tick, "progress");
        ticker.setDaemon(true);
        ticker.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Result result = worker.run(Point.decode(line));
                out.println("RESULT " + result.encode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println("ERROR interrupted");
                return;
            } catch (Exception e) {
                out.println("ERROR " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
                        .replace('\n', ' '));
            }
        }
    }

    private void tick() {
        while (true) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            AtomicLong source = progressSource;
            if (source != null) {
                out.println("PROGRESS " + source.get());
            }
        }
    }

    private Result run(Point point) throws Exception {
        String topic = topicPrefix + point.id();
        try (Admin admin = Admin.create(adminConfig())) {
            createTopic(admin, topic);
            try {
                return switch (point.path()) {
                    case PLAIN, DEBUG_ALL -> plain(point, topic);
                    case QUEUED -> queued(point, topic);
                    case FLUSH -> flushWaves(point, topic);
                    case PERF_TEST -> throw new IllegalArgumentException("ProducerPerformance runs in its own JVM");
                };
            } finally {
                progressSource = null;
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    // tag::plain[]
    /** The Java client's own way: send with a callback; done when flush() returns (every callback ran). */
    private Result plain(Point point, String topic) throws InterruptedException {
        byte[][] payloads = payloads(point.size());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(point))) {
            awaitWritable(producer, topic);
            Recorder latencies = new Recorder(3);
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            for (boolean measured : new boolean[] {false, true}) {
                int n = measured ? point.messages() : warmUp(point);
                if (measured) {
                    startMeasuring(latencies, done, failed);
                }
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, payloads[i % PAYLOADS]), (metadata, exception) -> {
                        if (exception == null) {
                            latencies.recordValue((System.nanoTime() - sent) / 1_000);
                        } else {
                            failed(failed, exception);
                        }
                        done.incrementAndGet();
                    });
                }
                producer.flush();
                if (measured) {
                    return result(point, n, failed.get(), System.nanoTime() - start, latencies);
                }
            }
            throw new IllegalStateException("unreachable");
        }
    }
    // end::plain[]

    /**
     * Stage 02's path, as the stage uses it: reports through the queue, a poll thread every 1000 ms (the blog's
     * setPollInterval), and on "Local: Queue full" the sending thread polls itself and sends again.
     */
    private Result queued(Point point, String topic) throws InterruptedException {
        byte[][] payloads = payloads(point.size());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(point));
        try (PollingProducer<byte[], byte[]> polling = PollingProducer.wrap(producer).name(point.id())
                .reportValues(true).queueCapacity(PollingProducer.DEFAULT_QUEUE_CAPACITY).build()) {
            Recorder latencies = new Recorder(3);
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            polling.onDeliveryReport(report -> {
                if (report.delivered()) {
                    latencies.recordValue((System.nanoTime() - (Long) report.opaque()) / 1_000);
                } else {
                    failed(failed, report.error());
                }
                done.incrementAndGet();
            });
            polling.setPollInterval(Duration.ofMillis(1000));
            awaitWritable(producer, topic);
            for (boolean measured : new boolean[] {false, true}) {
                int n = measured ? point.messages() : warmUp(point);
                if (measured) {
                    startMeasuring(latencies, done, failed);
                }
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, payloads[i % PAYLOADS]);
                    while (true) {
                        try {
                            polling.send(record, System.nanoTime());
                            break;
                        } catch (QueueFullException e) {
                            polling.poll(Duration.ofMillis(100));
                        }
                    }
                }
                producer.flush();
                polling.poll();
                if (measured) {
                    return result(point, n, failed.get(), System.nanoTime() - start, latencies);
                }
            }
            throw new IllegalStateException("unreachable");
        }
    }

    /**
     * Stage 05's experiment under load: send every message (send blocks once buffer.memory is full), then ask
     * for {@link #FLUSHES} flushes at once on {@link #FLUSH_THREADS} threads, each with {@link #FLUSH_TIMEOUT}.
     * Reports each flush and the delivered count over time (every 20 ms), from the first send.
     */
    private Result flushWaves(Point point, String topic) throws Exception {
        byte[][] payloads = payloads(point.size());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(point));
             // stage 05 flushes stage 02's polling producer; the sends below use the Java producer directly
             PollingProducer<byte[], byte[]> polling = PollingProducer.wrap(producer).build();
             FlushPool pool = new FlushPool(polling, FLUSH_THREADS)) {
            awaitWritable(producer, topic);
            Recorder latencies = new Recorder(3);
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            startMeasuring(latencies, done, failed);
            long origin = System.nanoTime();
            Thread sampler = new Thread(() -> {
                try {
                    while (done.get() < point.messages()) {
                        out.println("DELIVERED " + (System.nanoTime() - origin) / 1_000_000 + " " + done.get());
                        Thread.sleep(20);
                    }
                } catch (InterruptedException e) {
                    // the point is over
                }
                out.println("DELIVERED " + (System.nanoTime() - origin) / 1_000_000 + " " + done.get());
            }, "delivered-sampler");
            sampler.setDaemon(true);
            sampler.start();
            for (int i = 0; i < point.messages(); i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, payloads[i % PAYLOADS]), (metadata, exception) -> {
                    if (exception == null) {
                        latencies.recordValue((System.nanoTime() - sent) / 1_000);
                    } else {
                        failed(failed, exception);
                    }
                    done.incrementAndGet();
                });
            }
            CountDownLatch flushed = new CountDownLatch(FLUSHES);
            for (int f = 0; f < FLUSHES; f++) {
                long requested = (System.nanoTime() - origin) / 1_000_000;
                pool.flush(FLUSH_TIMEOUT, (report, exception) -> {
                    out.println("FLUSH " + report.number() + " " + requested + " " + report.startedMs(origin) + " "
                            + report.endedMs(origin) + " " + (report.timedOut() ? "timed-out"
                            : exception == null ? "ok" : "failed"));
                    flushed.countDown();
                });
            }
            producer.flush();
            long elapsed = System.nanoTime() - origin;
            if (!flushed.await(FLUSHES * FLUSH_TIMEOUT.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("the flushes did not all report");
            }
            sampler.join(5_000);
            return result(point, point.messages(), failed.get(), elapsed, latencies);
        }
    }

    /** Counts a failure; the first one of a point goes to standard error (the worker's log file), with its cause. */
    private static void failed(AtomicLong failed, Exception exception) {
        if (failed.getAndIncrement() == 0) {
            System.err.println("First failed delivery of this point: " + exception);
        }
    }

    /**
     * One record to each partition, each waited for, again until it is written: a new topic's partitions may
     * answer NOT_LEADER_OR_FOLLOWER for a moment after the controller named their leaders, and the batches
     * retried then would be measured too.
     */
    private static void awaitWritable(KafkaProducer<byte[], byte[]> producer, String topic)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int partition = 0; partition < producer.partitionsFor(topic).size(); partition++) {
            while (true) {
                try {
                    producer.send(new ProducerRecord<>(topic, partition, null, new byte[1])).get(10, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("partition " + partition + " of " + topic
                                + " took no record within 60 s: " + e.getMessage());
                    }
                }
            }
        }
    }

    private static int warmUp(Point point) {
        return Math.max(1, point.messages() / 20);
    }

    /** A clean heap, the pools' peaks reset, the latencies and the count started afresh. */
    private void startMeasuring(Recorder latencies, AtomicLong done, AtomicLong failed) {
        System.gc();
        largestAfterGc.set(0);
        largestBeforeGc.set(0);
        latencies.reset();
        done.set(0);
        failed.set(0);
        progressSource = done;
    }

    private Result result(Point point, long messages, long failed, long nanos, Recorder latencies) {
        // the peak: the fullest heap before a collection, or now, if no collection came after the fullest moment
        long peak = Math.max(largestBeforeGc.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
                .getUsed());
        Histogram h = latencies.getIntervalHistogram();
        return new Result(point, messages, failed, nanos, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0, peak / (1024.0 * 1024.0),
                largestAfterGc.get() / (1024.0 * 1024.0));
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.stream().anyMatch(p -> p.getName().equals(pool.getKey()))) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /**
     * Values like ProducerPerformance's: random upper-case letters, so that compression has as much (and as
     * little) to work with as in Kafka's tool. A few different ones, reused.
     */
    static byte[][] payloads(int size) {
        Random random = new Random(42);
        byte[][] payloads = new byte[PAYLOADS][size];
        for (byte[] payload : payloads) {
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) (random.nextInt(26) + 65);
            }
        }
        return payloads;
    }

    private Properties producerConfig(Point point) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-" + point.id());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putAll(point.producerSettings());
        return props;
    }

    private Properties adminConfig() {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    /** A topic of the point's own; returns once every partition has a leader (writing earlier means retries). */
    static void createTopic(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())))
                .all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic);
                if (d.partitions().size() == PARTITIONS && d.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // not known yet: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + topic + " has no leader for every partition after 30 s");
            }
            Thread.sleep(50);
        }
    }
}
