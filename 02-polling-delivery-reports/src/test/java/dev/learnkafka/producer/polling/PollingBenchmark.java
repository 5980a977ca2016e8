package dev.learnkafka.producer.polling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.run.StageRunner;
import dev.learnkafka.run.TutorialEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A benchmark, not a test: what does the hand-over through the queue cost? It produces N messages of B bytes to an
 * embedded broker it starts itself, once with plain {@code send(record, callback)} and once through
 * {@link PollingProducer} (queue + poll thread at the blog's 1000 ms), in the same run, and prints messages/s for
 * each and their ratio.
 *
 * <ol>
 *   <li>Start an embedded broker (one node, in this JVM) on a free port, one topic per measured run.</li>
 *   <li>Warm up: rounds of a plain and a queued run of N, not counted (JIT, the broker's log).</li>
 *   <li>Per round, a plain run and a queued run (queued first in even rounds); each ends when every outcome has
 *       been handled.</li>
 *   <li>Print messages/s for each path and the ratio queued / plain, overall and per round, with the median
 *       (target: at least 95%).</li>
 * </ol>
 *
 * <p>{@code ./mvnw -q -pl 02-polling-delivery-reports -am test-compile exec:java@bench02 -Dexec.args="--messages 1000000"}
 */
public final class PollingBenchmark {
    private static final Logger log = LoggerFactory.getLogger(PollingBenchmark.class);

    private PollingBenchmark() {
    }

    public static void main(String[] args) {
        int code = StageRunner.run(PollingBenchmark::run, args, System.err);
        if (code != ExitCode.OK) {
            System.exit(code);
        }
    }

    static int run(String[] args) throws Exception {
        CommandLine cli = new CommandLine("02-polling-delivery-reports bench",
                "Messages/s of plain send(record, callback) and of the delivery-report queue + poll loop.")
                .option("--messages", "N", "messages per measured run", "1000000")
                .option("--size", "BYTES", "value size", "100")
                .option("--rounds", "R", "rounds of one plain and one queued run; even rounds run queued first",
                        "7")
                .option("--warm-ups", "W", "unmeasured rounds first (JIT, the broker's log)", "3")
                .option("--capacity", "N", "delivery-report queue capacity of the queued runs",
                        String.valueOf(PollingProducer.DEFAULT_QUEUE_CAPACITY))
                .parse(args);
        if (cli.helpRequested()) {
            System.out.print(cli.usage());
            return ExitCode.OK;
        }
        int messages = cli.intValue("--messages", 1, 100_000_000);
        int size = cli.intValue("--size", 1, 1_000_000);
        int rounds = cli.intValue("--rounds", 1, 100);
        int capacity = cli.intValue("--capacity", 1, 100_000_000);
        int warmUps = cli.intValue("--warm-ups", 0, 100);
        String value = "x".repeat(size);

        // step 1: a broker of our own, so no other program's traffic is measured
        try (LocalKafka kafka = LocalKafka.builder().build().start()) {
            Properties props = ProducerSettings.base(kafka.bootstrapServers(), TutorialEnvironment.of(Map.of()));
            // the whole run is in memory for a while: more than the default 32 MB avoids measuring buffer waits
            props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
            log.info("Broker at {}; {} messages of {} bytes per run, {} warm-up and {} measured round(s), queue "
                    + "capacity {}; producer defaults otherwise (acks=all, idempotence on, linger.ms=5, "
                    + "batch.size=16384).", kafka.bootstrapServers(), messages, size, warmUps, rounds, capacity);

            // step 2: warm-up, both paths: the first millions on a cold JVM are far slower than the later ones
            for (int round = 1; round <= warmUps; round++) {
                plain(kafka, props, "warm-up-plain-" + round, messages, value);
                queued(kafka, props, "warm-up-queued-" + round, messages, value, capacity);
            }

            // step 3: the measured runs
            long plainNanos = 0;
            long queuedNanos = 0;
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                boolean queuedFirst = round % 2 == 0; // whatever runs second profits from a warmer JVM and broker
                long queuedRound = queuedFirst ? queued(kafka, props, "queued-" + round, messages, value, capacity) : 0;
                long plainRound = plain(kafka, props, "plain-" + round, messages, value);
                if (!queuedFirst) {
                    queuedRound = queued(kafka, props, "queued-" + round, messages, value, capacity);
                }
                plainNanos += plainRound;
                queuedNanos += queuedRound;
                ratios.add((double) plainRound / queuedRound); // rate ratio = inverse time ratio
            }

            // step 4: the verdict; the machine may be shared, so the median of the rounds says more than the sum
            long total = (long) messages * rounds;
            double plainRate = rate(total, plainNanos);
            double queuedRate = rate(total, queuedNanos);
            Collections.sort(ratios);
            double median = ratios.get(ratios.size() / 2);
            log.info("plain send(record, callback): {} msgs/s over {} messages", format(plainRate), total);
            log.info("queue + poll (PollingProducer): {} msgs/s over {} messages", format(queuedRate), total);
            log.info("ratio queued / plain: {}% overall, {}% median of the rounds ({}) (target >= 95%)",
                    percent(queuedRate / plainRate), percent(median),
                    ratios.stream().map(PollingBenchmark::percent).collect(Collectors.joining("%, ", "", "%")));
        }
        return ExitCode.OK;
    }

    /** Plain path: the callback counts on the I/O thread; done when flush() returns (every callback ran). */
    private static long plain(LocalKafka kafka, Properties props, String name, int messages, String value) {
        String topic = topic(kafka, name);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long nanos;
        try (var producer = new KafkaProducer<String, String>(props)) {
            producer.partitionsFor(topic); // metadata before the clock starts, in both paths
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                Object opaque = i; // the same boxed token the queued path carries, so both allocate alike
                producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                    if (exception == null && opaque != null) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            nanos = System.nanoTime() - start;
        }
        report(name, messages, ok.get(), failed.get(), 0, nanos);
        return nanos;
    }

    /**
     * Queued path, as the stage uses it: reports carry values, a poll thread polls every 1000 ms, and on
     * "Local: Queue full" the sending thread polls itself (waiting up to 100 ms for a report) and sends again,
     * as node-rdkafka programs do. Done when flush() returned and the last report was dispatched.
     */
    private static long queued(LocalKafka kafka, Properties props, String name, int messages, String value,
                               int capacity) throws InterruptedException {
        String topic = topic(kafka, name);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long queueFull = 0;
        long nanos;
        try (var producer = PollingProducer.wrap(new KafkaProducer<String, String>(props)).name(name)
                .reportValues(true).queueCapacity(capacity).build()) {
            producer.onDeliveryReport(report -> {
                if (report.delivered()) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            });
            producer.setPollInterval(Duration.ofMillis(1000));
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, value);
                while (true) {
                    try {
                        producer.send(record, i);
                        break;
                    } catch (QueueFullException e) {
                        queueFull++;
                        producer.poll(Duration.ofMillis(100));
                    }
                }
            }
            producer.flush();
            producer.poll();
            nanos = System.nanoTime() - start;
        }
        report(name, messages, ok.get(), failed.get(), queueFull, nanos);
        return nanos;
    }

    private static String topic(LocalKafka kafka, String name) {
        String topic = "bench-" + name;
        kafka.createTopic(topic, 3, 1);
        // Writing before every partition has its leader makes the first batches fail and be retried; once that
        // ended in OUT_OF_ORDER_SEQUENCE_NUMBER retried until delivery.timeout.ms. Wait, as the tests do.
        try (Admin admin = kafka.admin()) {
            KafkaBroker.awaitLeaders(admin, topic, 3);
        }
        return topic;
    }

    private static void report(String name, int messages, long ok, long failed, long queueFull, long nanos) {
        if (ok + failed != messages) {
            throw new IllegalStateException(name + ": " + (ok + failed) + " outcomes for " + messages + " messages.");
        }
        log.info("{}: {} messages in {} ms = {} msgs/s ({} failed, {} times Local: Queue full)", name, messages,
                nanos / 1_000_000, format(rate(messages, nanos)), failed, queueFull);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f", 100 * ratio);
    }

    private static double rate(long messages, long nanos) {
        return messages * 1e9 / nanos;
    }

    private static String format(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }
}
