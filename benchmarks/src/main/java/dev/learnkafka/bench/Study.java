package dev.learnkafka.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.StageRunner;
import dev.learnkafka.run.TutorialBroker;
import dev.learnkafka.run.TutorialEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The benchmark study: micro-batching measured against one broker, beside Kafka's own producer benchmark.
 *
 * <ol>
 *   <li>Find the broker as every stage does ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code localhost:9092}, else an
 *       embedded broker for the run in a JVM of its own).</li>
 *   <li>Start the producer JVM (fixed heap) and warm it up with an unmeasured run.</li>
 *   <li>Sweep linger.ms x batch.size; at the best pair, compression; at the best of those, acks and the message
 *       size.</li>
 *   <li>The paths: plain send + callback against stage 02's queue + poll loop in alternating rounds, stage 04's
 *       {@code --debug all} (a JVM of its own), stage 05's flush waves.</li>
 *   <li>Kafka's ProducerPerformance, a cold JVM per run, at its defaults and at the best settings found.</li>
 *   <li>A long run at the best settings to show the producer's heap stays bounded.</li>
 *   <li>Write the Markdown table, the CSV and the charts to the output folder.</li>
 * </ol>
 * Every point uses a fresh producer and a topic of its own with 3 partitions.
 */
public final class Study {
    static final int[] LINGERS = {0, 5, 20, 100};
    static final int[] BATCHES = {16_384, 65_536, 262_144, 1_048_576};
    static final int[] QUICK_BATCHES = {16_384, 262_144};
    static final String[] COMPRESSIONS = {"none", "lz4", "zstd"};
    static final int[] SIZES = {100, 1_024, 10_240};

    /** The study's options, after --quick chose the defaults. */
    record Options(boolean quick, Path out, int messages, int big, int rounds, int perfRuns, int heapMiB) {
        /** Messages of a point of {@code size} bytes: the same bytes as {@link #messages} of 100 B. */
        int messagesOf(int size) {
            return (int) Math.max(1_000, (long) messages * 100 / size);
        }
    }

    private Study() {
    }

    public static void main(String[] args) {
        System.exit(StageRunner.main(a -> run(a, TutorialEnvironment.fromSystem(), System.out), args));
    }

    static CommandLine commandLine() {
        return new CommandLine("benchmarks",
                "Measures the Java producer's micro-batching (linger.ms, batch.size, compression, acks, message "
                        + "size),\nthe stages' paths and Kafka's kafka-producer-perf-test against one broker, and "
                        + "writes a Markdown\ntable, a CSV and PNG charts. --quick: a small study, under a minute.")
                .intOption("--messages", "N", "messages of 100 B per point (larger messages: the same bytes); "
                        + "default 1000000, quick 30000", null, 1_000, 100_000_000)
                .intOption("--big", "N", "messages of the heap run; default 10000000, quick 100000", null, 1_000,
                        1_000_000_000)
                .intOption("--rounds", "R", "rounds of plain vs queued, each order in half of them; default 6, "
                        + "quick 1", null, 1, 50)
                .intOption("--perf-runs", "R", "runs of kafka-producer-perf-test per setting; default 3, quick 1",
                        null, 1, 20)
                .intOption("--heap", "MIB", "heap of the producer JVM (-Xms = -Xmx)", 512, 64, 65_536)
                .option("--out", "DIR", "output folder", "target/benchmarks/<date-time>");
    }

    static Options options(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--quick")).toArray(String[]::new);
        CommandLine cli = commandLine().parse(rest);
        if (cli.helpRequested()) {
            return null;
        }
        String outOption = cli.value("--out");
        Path out = outOption.contains("<") ? Path.of("target", "benchmarks",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))) : Path.of(outOption);
        return new Options(quick, out, intOr(cli, "--messages", quick ? 30_000 : 1_000_000),
                intOr(cli, "--big", quick ? 100_000 : 10_000_000), intOr(cli, "--rounds", quick ? 1 : 6),
                intOr(cli, "--perf-runs", quick ? 1 : 3), cli.intValue("--heap"));
    }

    private static int intOr(CommandLine cli, String name, int fallback) {
        return cli.value(name) == null ? fallback : cli.intValue(name);
    }

    static int run(String[] args, TutorialEnvironment environment, PrintStream out) throws Exception {
        Options options = options(args);
        if (options == null) {
            out.print(commandLine().usage());
            return ExitCode.OK;
        }
        TutorialEnvironment env = environment.checked(out::println);
        Files.createDirectories(options.out());
        try (TutorialBroker broker = TutorialBroker.connect(env, out::println)) {
            StudyRun study = new StudyRun(options, env, broker.bootstrapServers(), out);
            Report report = study.run();
            report.write(options.out());
            out.println();
            report.summary().forEach(out::println);
            out.println("Wrote " + options.out().toAbsolutePath() + ": results.md, results.csv, "
                    + "summary.txt, flush-waves.csv and the charts (" + String.join(", ", Charts.FILES) + "), in "
                    + study.progress.elapsed() + ".");
        }
        return ExitCode.OK;
    }

    /** One run of the study. */
    static final class StudyRun {
        private final Options options;
        private final TutorialEnvironment env;
        private final String bootstrap;
        private final PrintStream out;
        private final List<Result> results = new ArrayList<>();
        Progress progress;

        StudyRun(Options options, TutorialEnvironment env, String bootstrap, PrintStream out) {
            this.options = options;
            this.env = env;
            this.bootstrap = bootstrap;
            this.out = out;
        }

        Report run() throws Exception {
            int n = options.messages();
            int[] batches = options.quick() ? QUICK_BATCHES : BATCHES;
            Point base = Point.defaults("warm-up", "warm-up", Point.Path.PLAIN, n, 100);
            // the plan's shape is fixed before the first point (the settings of later points depend on results)
            List<Point> shape = new ArrayList<>();
            shape.add(base);
            for (int linger : LINGERS) {
                for (int batch : batches) {
                    shape.add(base);
                }
            }
            for (int i = 0; i < COMPRESSIONS.length + 2; i++) {
                shape.add(base);
            }
            for (int size : SIZES) {
                shape.add(base.withSettings(5, 16_384, "none", "all", size).with("s", "s", Point.Path.PLAIN,
                        options.messagesOf(size)));
            }
            for (int r = 0; r < options.rounds() * 2; r++) {
                shape.add(base);
            }
            shape.add(base.with("d", "d", Point.Path.DEBUG_ALL, Math.max(1_000, n / 20)));
            shape.add(base.with("f", "f", Point.Path.FLUSH, n));
            for (int r = 0; r < options.perfRuns() * 2; r++) {
                shape.add(base.with("p", "p", Point.Path.PERF_TEST, n));
            }
            shape.add(base.with("h", "h", Point.Path.PLAIN, options.big()));
            progress = new Progress(out, shape.size(), shape.stream().mapToLong(Progress::units).sum());
            out.printf(Locale.ROOT, "Study%s: %,d messages of 100 B per point, producer JVM -Xmx%dm, %s, JDK %s, "
                            + "%d CPUs; output in %s%n", options.quick() ? " (--quick)" : "", n, options.heapMiB(),
                    bootstrap, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    options.out().toAbsolutePath());

            Path out = options.out();
            Report report = new Report(options, bootstrap);
            try (WorkerProcess worker = WorkerProcess.start(bootstrap, options.heapMiB(), null,
                    out.resolve("producer-jvm.err.log"))) {
                // warm-up: JIT and broker, not reported
                measure(worker, base);

                // linger.ms x batch.size
                for (int linger : LINGERS) {
                    for (int batch : batches) {
                        Point p = base.withSettings(linger, batch, "none", "all", 100).with(
                                "linger-" + linger + "-batch-" + batch, Report.GRID, Point.Path.PLAIN, n);
                        results.add(measure(worker, p));
                    }
                }
                Point best = best(Report.GRID).point();
                // compression at the best linger.ms and batch.size
                for (String compression : COMPRESSIONS) {
                    Point p = best.withSettings(best.lingerMs(), best.batchSize(), compression, "all", 100)
                            .with("compression-" + compression, Report.COMPRESSION, Point.Path.PLAIN, n);
                    results.add(measure(worker, p));
                }
                // the best so far: the grid's best point may beat every compression point (noise, or none wins)
                best = results.stream().filter(r -> Set.of(Report.GRID, Report.COMPRESSION).contains(
                        r.point().group())).max(Comparator.comparingDouble(Result::messagesPerSecond)).orElseThrow()
                        .point();
                // acks at the best: acks=1 does not wait for the replicas (the best settings keep acks=all)
                for (String acks : new String[] {"all", "1"}) {
                    Point p = best.withSettings(best.lingerMs(), best.batchSize(), best.compression(), acks, 100)
                            .with("acks-" + acks, Report.ACKS, Point.Path.PLAIN, n);
                    results.add(measure(worker, p));
                }
                // message sizes at the best, and at Kafka's defaults
                for (int size : SIZES) {
                    Point p = best.withSettings(best.lingerMs(), best.batchSize(), best.compression(), "all", size)
                            .with("size-" + size, Report.SIZE, Point.Path.PLAIN, options.messagesOf(size));
                    results.add(measure(worker, p));
                }
                report.best = best;

                // stage 02: plain vs queue + poll at the producer defaults the stage runs with; alternating order
                for (int round = 1; round <= options.rounds(); round++) {
                    boolean queuedFirst = round % 2 == 0;
                    for (Point.Path path : queuedFirst ? List.of(Point.Path.QUEUED, Point.Path.PLAIN)
                            : List.of(Point.Path.PLAIN, Point.Path.QUEUED)) {
                        results.add(measure(worker, base.with(path.name().toLowerCase(Locale.ROOT) + "-" + round,
                                Report.PATHS, path, n)));
                    }
                }
                // stage 05: flush waves
                results.add(measure(worker, base.with("flush-waves", Report.PATHS, Point.Path.FLUSH, n)));
                report.flushes = worker.flushes;
                report.delivered = worker.delivered;

                // stage 04: --debug all, in a JVM of its own (its logging is set before its first logger)
                Path debugLog = Files.createTempFile("bench-debug-all-", ".log");
                try (WorkerProcess debug = WorkerProcess.start(bootstrap, options.heapMiB(), debugLog,
                        out.resolve("debug-jvm.err.log"))) {
                    results.add(measure(debug, base.with("debug-all", Report.PATHS, Point.Path.DEBUG_ALL,
                            Math.max(1_000, n / 20))));
                } finally {
                    report.debugLogBytes = Files.size(debugLog);
                    Files.deleteIfExists(debugLog);
                }

                // Kafka's ProducerPerformance: its defaults, then the best settings found
                for (int r = 1; r <= options.perfRuns(); r++) {
                    results.add(perfTest(base.with("perf-test-defaults-" + r, Report.PERF_DEFAULTS,
                            Point.Path.PERF_TEST, n), true));
                }
                for (int r = 1; r <= options.perfRuns(); r++) {
                    results.add(perfTest(best.with("perf-test-best-" + r, Report.PERF_BEST, Point.Path.PERF_TEST,
                            n), false));
                }

                // the heap: many messages at the best settings
                results.add(measure(worker, best.with("heap-" + options.big(), Report.HEAP, Point.Path.PLAIN,
                        options.big())));
            }
            report.results = results;
            return report;
        }

        private Result measure(WorkerProcess worker, Point point) throws IOException {
            progress.begin(point);
            Result result = worker.run(point, progress);
            progress.end(result);
            return result;
        }

        private Result perfTest(Point point, boolean defaults) throws Exception {
            progress.begin(point);
            String topic = "bench-" + point.id() + "-" + System.currentTimeMillis();
            Properties config = env.clientConfig();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(config)) {
                ProducerWorker.createTopic(admin, topic);
                try {
                    Result result = PerfTest.run(point, topic, bootstrap, defaults, env.clientConfigFile(), progress,
                            options.out().resolve("perf-test.err.log"));
                    progress.end(result);
                    return result;
                } finally {
                    admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                }
            }
        }

        private Result best(String group) {
            return results.stream().filter(r -> r.point().group().equals(group))
                    .max(Comparator.comparingDouble(Result::messagesPerSecond)).orElseThrow();
        }
    }
}
