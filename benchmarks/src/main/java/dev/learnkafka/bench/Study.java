package dev.learnkafka.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.StageRunner;
import dev.learnkafka.run.TutorialBroker;
import dev.learnkafka.run.TutorialEnvironment;
import dev.learnkafka.run.UsageException;
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
 * Every point uses a fresh producer and a topic of its own with 3 partitions. The table and the CSV are
 * rewritten as each point ends: Ctrl-C (or SIGTERM) keeps them, stops the producer JVMs, deletes the study's
 * topics, says so in one line and exits 130.
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
        AtomicReference<StudyRun> running = new AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        // not StageRunner.main's handler: that one closes a stage's producer; a study has JVMs and topics to end
        Thread onSignal = new Thread(() -> {
            if (ended.compareAndSet(false, true)) {
                StudyRun study = running.get();
                System.out.println(study == null ? "Interrupted before the study began: nothing was measured."
                        : study.interrupt());
                System.out.flush();
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
            }
        }, "ctrl-c");
        Runtime.getRuntime().addShutdownHook(onSignal);
        int code = StageRunner.run(a -> run(a, TutorialEnvironment.fromSystem(), System.out, running::set), args,
                System.err);
        if (ended.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // a signal came as the study ended: the hook runs, and does nothing
            }
        }
        System.exit(code);
    }

    /** What --help prints: the options, then what this program (not a stage) reads and how it ends. */
    static String usage() {
        String options = commandLine().usage();
        int environment = options.indexOf("\nEnvironment:");
        return (environment < 0 ? options : options.substring(0, environment + 1)) + """
                Environment:
                  KAFKA_BOOTSTRAP_SERVERS  the broker to measure (default localhost:9092; when unset and nothing
                                           listens there, an embedded broker is started for this run)
                  KAFKA_CLIENT_CONFIG      a .properties file merged into every client's config (security,
                                           tuning), and given to kafka-producer-perf-test as --command-config

                Each point has a topic of its own (bench-...), deleted when the point ends. results.csv and
                results.md are rewritten as each point ends: Ctrl-C (or SIGTERM) keeps the points measured so
                far, stops the producer JVMs, deletes the study's topics and says where the results are.

                Exit codes: 0 the study ran, 1 a point failed or no broker, 2 bad usage or config (an --out
                that is a file or cannot be written included), 130 interrupted (Ctrl-C or SIGTERM).
                """;
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
                .option("--out", "DIR", "output folder, created if missing", "target/benchmarks/<date-time>");
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
        return run(args, environment, out, study -> { });
    }

    /** @param started gets the study once it runs, for Ctrl-C */
    static int run(String[] args, TutorialEnvironment environment, PrintStream out, Consumer<StudyRun> started)
            throws Exception {
        Options options = options(args);
        if (options == null) {
            out.print(usage());
            return ExitCode.OK;
        }
        // before the broker is asked anything: a bad --out found after ten minutes of measuring loses them
        checkOut(options.out());
        TutorialEnvironment env = environment.checked(out::println);
        try (TutorialBroker broker = TutorialBroker.connect(env, out::println)) {
            StudyRun study = new StudyRun(options, env, broker.bootstrapServers(), broker.isEmbedded(), out);
            started.accept(study);
            Report report;
            try {
                report = study.run();
            } catch (Exception e) {
                if (study.stopped()) {
                    // Ctrl-C stopped the producer JVMs under this thread, which fails now: not news; the
                    // signal's thread ends the run
                    new CountDownLatch(1).await();
                }
                out.println(study.failed());
                throw e;
            }
            report.write(options.out());
            out.println();
            report.summary().forEach(out::println);
            out.println("Wrote " + options.out().toAbsolutePath() + ": results.md, results.csv, "
                    + "summary.txt, flush-waves.csv and the charts (" + String.join(", ", Charts.FILES) + "), in "
                    + study.progress.elapsed() + ".");
        }
        return ExitCode.OK;
    }

    /** --out must be a folder this program can write to, or one it can create: else exit 2 and say so. */
    static void checkOut(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + " is a file, not a folder: give a folder for the results "
                    + "(it is created if missing).");
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check-", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new UsageException("--out " + dir + " cannot be used as a folder for the results (" + reason(e)
                    + "): give a folder you can write to.");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "it cannot be created there";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /** One run of the study. */
    static final class StudyRun {
        /** How long Ctrl-C waits for a producer JVM to end before it kills it. */
        private static final long STOP_CHILD_SECONDS = 5;
        /** How long Ctrl-C tries to delete the study's topics. */
        private static final long DELETE_TOPICS_SECONDS = 10;
        /** No topic of the run listed for this long: a CreateTopics a stopped JVM sent just before has landed. */
        private static final long NONE_LEFT_FOR_MS = 1_000;

        private final Options options;
        private final TutorialEnvironment env;
        private final String bootstrap;
        private final boolean embeddedBroker;
        private final PrintStream out;
        /** Every topic of this run starts with it, the producer JVMs' too: Ctrl-C deletes them by it. */
        final String topicPrefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        /** The JVMs this run started (producers, the tool): Ctrl-C stops them. */
        private final List<Process> children = new CopyOnWriteArrayList<>();
        /** Held while this JVM creates a topic: Ctrl-C waits for it, so that it finds the topic to delete it. */
        private final Object creatingTopic = new Object();
        // written under this lock (the main thread, their only writer, reads them freely): the finished points,
        // and whether Ctrl-C took over
        private final List<Result> results = new ArrayList<>();
        private boolean stopped;
        private final Report report;
        private int planned;
        private volatile Path debugLog;
        Progress progress;

        StudyRun(Options options, TutorialEnvironment env, String bootstrap, boolean embeddedBroker,
                 PrintStream out) {
            this.options = options;
            this.env = env;
            this.bootstrap = bootstrap;
            this.embeddedBroker = embeddedBroker;
            this.out = out;
            this.report = new Report(options, bootstrap);
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
            planned = shape.size() - 1; // the warm-up is not reported
            out.printf(Locale.ROOT, "Study%s: %,d messages of 100 B per point, producer JVM -Xmx%dm, %s, JDK %s, "
                            + "%d CPUs; output in %s (results.csv and results.md grow as each point ends)%n",
                    options.quick() ? " (--quick)" : "", n, options.heapMiB(), bootstrap, Runtime.version(),
                    Runtime.getRuntime().availableProcessors(), options.out().toAbsolutePath());

            Path out = options.out();
            try (WorkerProcess worker = started(WorkerProcess.start(bootstrap, topicPrefix, options.heapMiB(), null,
                    out.resolve("producer-jvm.err.log")))) {
                // warm-up: JIT and broker, not reported
                progress.begin(base);
                progress.end(worker.run(base, progress));

                // linger.ms x batch.size
                for (int linger : LINGERS) {
                    for (int batch : batches) {
                        Point p = base.withSettings(linger, batch, "none", "all", 100).with(
                                "linger-" + linger + "-batch-" + batch, Report.GRID, Point.Path.PLAIN, n);
                        measure(worker, p);
                    }
                }
                Point best = best(Report.GRID).point();
                // compression at the best linger.ms and batch.size
                for (String compression : COMPRESSIONS) {
                    Point p = best.withSettings(best.lingerMs(), best.batchSize(), compression, "all", 100)
                            .with("compression-" + compression, Report.COMPRESSION, Point.Path.PLAIN, n);
                    measure(worker, p);
                }
                // the best so far: the grid's best point may beat every compression point (noise, or none wins)
                best = results.stream().filter(r -> Set.of(Report.GRID, Report.COMPRESSION).contains(
                        r.point().group())).max(Comparator.comparingDouble(Result::messagesPerSecond)).orElseThrow()
                        .point();
                // acks at the best: acks=1 does not wait for the replicas (the best settings keep acks=all)
                for (String acks : new String[] {"all", "1"}) {
                    Point p = best.withSettings(best.lingerMs(), best.batchSize(), best.compression(), acks, 100)
                            .with("acks-" + acks, Report.ACKS, Point.Path.PLAIN, n);
                    measure(worker, p);
                }
                // message sizes at the best, and at Kafka's defaults
                for (int size : SIZES) {
                    Point p = best.withSettings(best.lingerMs(), best.batchSize(), best.compression(), "all", size)
                            .with("size-" + size, Report.SIZE, Point.Path.PLAIN, options.messagesOf(size));
                    measure(worker, p);
                }
                report.best = best;

                // stage 02: plain vs queue + poll at the producer defaults the stage runs with; alternating order
                for (int round = 1; round <= options.rounds(); round++) {
                    boolean queuedFirst = round % 2 == 0;
                    for (Point.Path path : queuedFirst ? List.of(Point.Path.QUEUED, Point.Path.PLAIN)
                            : List.of(Point.Path.PLAIN, Point.Path.QUEUED)) {
                        measure(worker, base.with(path.name().toLowerCase(Locale.ROOT) + "-" + round,
                                Report.PATHS, path, n));
                    }
                }
                // stage 05: flush waves
                measure(worker, base.with("flush-waves", Report.PATHS, Point.Path.FLUSH, n));
                synchronized (this) { // copies: Ctrl-C may write results.md (with the flush table) any time
                    report.flushes = List.copyOf(worker.flushes);
                    report.delivered = List.copyOf(worker.delivered);
                }

                // stage 04: --debug all, in a JVM of its own (its logging is set before its first logger)
                debugLog = Files.createTempFile("bench-debug-all-", ".log");
                try (WorkerProcess debug = started(WorkerProcess.start(bootstrap, topicPrefix, options.heapMiB(),
                        debugLog, out.resolve("debug-jvm.err.log")))) {
                    measure(debug, base.with("debug-all", Report.PATHS, Point.Path.DEBUG_ALL,
                            Math.max(1_000, n / 20)));
                } finally {
                    report.debugLogBytes = Files.size(debugLog);
                    Files.deleteIfExists(debugLog);
                }

                // Kafka's ProducerPerformance: its defaults, then the best settings found
                for (int r = 1; r <= options.perfRuns(); r++) {
                    perfTest(base.with("perf-test-defaults-" + r, Report.PERF_DEFAULTS,
                            Point.Path.PERF_TEST, n), true);
                }
                for (int r = 1; r <= options.perfRuns(); r++) {
                    perfTest(best.with("perf-test-best-" + r, Report.PERF_BEST, Point.Path.PERF_TEST,
                            n), false);
                }

                // the heap: many messages at the best settings
                measure(worker, best.with("heap-" + options.big(), Report.HEAP, Point.Path.PLAIN,
                        options.big()));
            }
            synchronized (this) {
                report.partial = null;
                report.results = List.copyOf(results);
            }
            return report;
        }

        private WorkerProcess started(WorkerProcess worker) {
            track(worker.process());
            return worker;
        }

        /**
         * A JVM this run started, for Ctrl-C to stop. One started after Ctrl-C took over is stopped here: left
         * running, it could write to (and so create again) a topic Ctrl-C deletes.
         */
        private synchronized void track(Process process) {
            if (stopped) {
                process.destroyForcibly();
                throw new IllegalStateException("interrupted");
            }
            children.add(process);
        }

        private void measure(WorkerProcess worker, Point point) throws IOException {
            progress.begin(point);
            finished(worker.run(point, progress));
        }

        /** Keeps a finished point, on disk too, before it says so: what the console shows is in the files. */
        private synchronized void finished(Result result) throws IOException {
            if (stopped) {
                return; // Ctrl-C wrote the files: they stay as it said
            }
            results.add(result);
            writePartial(String.format(Locale.ROOT, "%d of %d points so far; the summary and the charts come "
                    + "when the study ends.", results.size(), planned));
            progress.end(result);
        }

        private void writePartial(String note) throws IOException {
            report.results = List.copyOf(results);
            report.partial = note;
            report.writeResults(options.out());
        }

        synchronized boolean stopped() {
            return stopped;
        }

        /**
         * Ctrl-C or SIGTERM, on the signal's thread: keeps what was measured, stops the JVMs this run started,
         * deletes its topics. Returns the last line to print.
         */
        String interrupt() {
            int kept;
            String written;
            synchronized (this) {
                stopped = true;
                if (progress != null) {
                    progress.mute();
                }
                kept = results.size();
                written = kept == 0 ? "nothing was measured" : (kept == 1 ? "the finished point is" : "the "
                        + kept + " finished points are") + " in " + options.out().toAbsolutePath().resolve(
                        "results.csv") + " and results.md";
                try {
                    writePartial(String.format(Locale.ROOT, "the study was interrupted after %d of %d points.",
                            kept, planned));
                } catch (IOException | RuntimeException e) {
                    written = "the " + kept + " finished points could not be written (" + e.getMessage() + ")";
                }
            }
            children.forEach(StudyRun::stop); // every one there is: track() refuses new ones from now on
            deleteQuietly(debugLog);
            synchronized (creatingTopic) {
                // a topic this JVM was creating exists once the lock is free: the listing below finds it
            }
            return String.format(Locale.ROOT, "Interrupted after %d of %d points: %s; %s.", kept, planned, written,
                    deleteTopics());
        }

        /** A line for a study that failed, before its error: where the points it finished are. */
        String failed() {
            int kept;
            synchronized (this) {
                kept = results.size();
                try {
                    writePartial(String.format(Locale.ROOT, "the study failed after %d of %d points (its error is "
                            + "on the console).", kept, planned));
                } catch (IOException | RuntimeException e) {
                    return "The study failed after " + kept + " of " + planned + " points; they could not be "
                            + "written (" + e.getMessage() + ").";
                }
            }
            return kept == 0 ? "The study failed before its first point finished." : String.format(Locale.ROOT,
                    "The study failed after %d of %d points; they are in %s and results.md.", kept, planned,
                    options.out().toAbsolutePath().resolve("results.csv"));
        }

        private static void stop(Process process) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_CHILD_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(STOP_CHILD_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }

        private static void deleteQuietly(Path file) {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // a temporary file: the system cleans it up
            }
        }

        /**
         * Deletes every topic of this run, once the JVMs that create them are gone, and lists again until none is
         * left (a listing can lag a deletion by a moment). Says what it did, for the last line.
         */
        private String deleteTopics() {
            if (embeddedBroker) {
                return "its topics go with the run's embedded broker";
            }
            Properties config = env.clientConfig();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (DELETE_TOPICS_SECONDS * 1_000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DELETE_TOPICS_SECONDS);
            Set<String> deleted = new HashSet<>();
            long noneSince = -1; // a CreateTopics a stopped JVM sent just before it ended may still come through
            try (Admin admin = Admin.create(config)) {
                while (true) {
                    List<String> left = admin.listTopics().names().get(DELETE_TOPICS_SECONDS, TimeUnit.SECONDS)
                            .stream().filter(t -> t.startsWith(topicPrefix)).toList();
                    if (left.isEmpty()) {
                        if (noneSince < 0) {
                            noneSince = System.nanoTime();
                        }
                        if (System.nanoTime() - noneSince >= TimeUnit.MILLISECONDS.toNanos(NONE_LEFT_FOR_MS)) {
                            return deleted.isEmpty() ? "it left no topic on the broker" : "deleted its topic"
                                    + (deleted.size() == 1 ? " " : "s ") + "(" + topicPrefix + "*)";
                        }
                        Thread.sleep(100);
                        continue;
                    }
                    noneSince = -1;
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("still there after " + DELETE_TOPICS_SECONDS + " s: " + left);
                    }
                    try {
                        admin.deleteTopics(left).all().get(DELETE_TOPICS_SECONDS, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        // deleted meanwhile (the point ended): the next listing says
                    }
                    deleted.addAll(left);
                    Thread.sleep(50); // the broker's listing may lag the deletion by a moment
                }
            } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
                return "its topics (" + topicPrefix + "*) could not be deleted (" + StageRunner.describe(e)
                        + "): delete them with kafka-topics.sh --delete";
            }
        }

        private void perfTest(Point point, boolean defaults) throws Exception {
            progress.begin(point);
            String topic = topicPrefix + point.id();
            Properties config = env.clientConfig();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(config)) {
                synchronized (creatingTopic) {
                    if (stopped()) {
                        throw new IllegalStateException("interrupted");
                    }
                    ProducerWorker.createTopic(admin, topic);
                }
                try {
                    finished(PerfTest.run(point, topic, bootstrap, defaults, env.clientConfigFile(), progress,
                            options.out().resolve("perf-test.err.log"), this::track));
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
