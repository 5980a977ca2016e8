package dev.learnkafka.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The study's results and what it writes: results.md, results.csv, summary.txt (the figures the issue asks for),
 * flush-waves.csv and the charts.
 */
final class Report {
    static final String GRID = "linger x batch";
    static final String COMPRESSION = "compression";
    static final String ACKS = "acks";
    static final String SIZE = "message size";
    static final String PATHS = "paths";
    static final String PERF_DEFAULTS = "perf-test defaults";
    static final String PERF_BEST = "perf-test best";
    static final String HEAP = "heap";
    /** The CSV's columns, in order. */
    static final List<String> CSV_COLUMNS = List.of("point", "group", "path", "messages", "size_bytes", "linger_ms",
            "batch_size", "compression", "acks", "msgs_per_s", "mib_per_s", "p50_ms", "p99_ms", "p999_ms",
            "max_ms", "heap_peak_mib", "heap_after_gc_mib", "failed", "elapsed_ms");

    private final Study.Options options;
    private final String bootstrap;
    List<Result> results = List.of();
    Point best;
    List<WorkerProcess.Flush> flushes = List.of();
    List<WorkerProcess.Delivered> delivered = List.of();
    long debugLogBytes;
    /**
     * Null once every point is in; until then one sentence that says the table is partial and why, shown in
     * results.md instead of the summary (which needs every group).
     */
    String partial;

    Report(Study.Options options, String bootstrap) {
        this.options = options;
        this.bootstrap = bootstrap;
    }

    List<Result> group(String group) {
        return results.stream().filter(r -> r.point().group().equals(group)).toList();
    }

    /** The fastest point with acks=all and 100 B values: the linger x batch grid and the compression sweep. */
    Result bestResult() {
        return results.stream().filter(r -> Set.of(GRID, COMPRESSION).contains(r.point().group()))
                .max(Comparator.comparingDouble(Result::messagesPerSecond)).orElseThrow();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double medianRate(String group) {
        return median(group(group).stream().map(Result::messagesPerSecond).toList());
    }

    /** Queued / plain per round (rounds pair up in the order they ran), and their median. */
    List<Double> queuedRatios() {
        List<Result> plain = group(PATHS).stream().filter(r -> r.point().path() == Point.Path.PLAIN).toList();
        List<Result> queued = group(PATHS).stream().filter(r -> r.point().path() == Point.Path.QUEUED).toList();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(plain.size(), queued.size()); i++) {
            ratios.add(queued.get(i).messagesPerSecond() / plain.get(i).messagesPerSecond());
        }
        return ratios;
    }

    /** The figures the issue asks for, one line each. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        Result top = bestResult();
        double perfDefaults = medianRate(PERF_DEFAULTS);
        double perfBest = medianRate(PERF_BEST);
        lines.add(String.format(Locale.ROOT, "Best settings found: %s: %,.0f msg/s, %.1fx kafka-producer-perf-test "
                        + "at its defaults (%,.0f msg/s, median of %d cold runs); the tool itself with these settings: "
                        + "%,.0f msg/s (%.1fx its defaults).", top.point().settingsText(), top.messagesPerSecond(),
                top.messagesPerSecond() / perfDefaults, perfDefaults, group(PERF_DEFAULTS).size(), perfBest,
                perfBest / perfDefaults));
        double plainDefaults = median(group(PATHS).stream().filter(r -> r.point().path() == Point.Path.PLAIN)
                .map(Result::messagesPerSecond).toList());
        lines.add(String.format(Locale.ROOT, "Settings alone, in the same warm producer JVM: the best settings "
                        + "%,.0f msg/s against %,.0f msg/s at Kafka's defaults (plain send, median of the rounds): "
                        + "%.1fx.", top.messagesPerSecond(), plainDefaults, top.messagesPerSecond() / plainDefaults));
        List<Double> ratios = queuedRatios();
        lines.add(String.format(Locale.ROOT, "Stage 02 queue + poll vs plain send + callback: %.1f%% (median of %d "
                        + "round(s): %s).", 100 * median(ratios), ratios.size(), ratios.stream()
                        .map(r -> String.format(Locale.ROOT, "%.1f%%", 100 * r)).collect(Collectors.joining(", "))));
        group(HEAP).forEach(h -> lines.add(String.format(Locale.ROOT, "Heap: %,d messages at the best settings, "
                        + "%,.0f msg/s: producer JVM heap peak %.0f MiB (at most %.0f MiB in use after a collection) "
                        + "of -Xmx%dm; the best point of %,d messages peaked at %.0f MiB (%.0f after a collection).",
                h.messages(), h.messagesPerSecond(), h.heapPeakMiB(), h.heapAfterGcMiB(), options.heapMiB(),
                top.messages(), top.heapPeakMiB(), top.heapAfterGcMiB())));
        group(PATHS).stream().filter(r -> r.point().path() == Point.Path.DEBUG_ALL).forEach(d -> lines.add(
                String.format(Locale.ROOT, "Stage 04 --debug all: %,.0f msg/s, %.0f%% of plain send at the same "
                        + "settings (%,d KiB of log for %,d messages).", d.messagesPerSecond(), 100
                        * d.messagesPerSecond() / median(group(PATHS).stream().filter(r -> r.point().path()
                        == Point.Path.PLAIN).map(Result::messagesPerSecond).toList()), debugLogBytes / 1024,
                        d.messages())));
        return lines;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeResults(dir);
        Files.writeString(dir.resolve("flush-waves.csv"), flushCsv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.txt"), String.join("\n", summary()) + "\n", StandardCharsets.UTF_8);
        Charts.write(this, dir);
    }

    /**
     * results.csv and results.md as they stand: the study calls this after every point, so that an interrupted
     * or failed run leaves what it measured. Each file is replaced whole (written beside it, then moved), so a
     * reader never sees half a file.
     */
    void writeResults(Path dir) throws IOException {
        replace(dir.resolve("results.csv"), csv());
        replace(dir.resolve("results.md"), markdown());
    }

    private static void replace(Path file, String text) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    String csv() {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (Result r : results) {
            Point p = r.point();
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%d,%s,%s,%.0f,%.2f,%.3f,%.3f,%.3f,%.3f,%.1f,"
                            + "%.1f,%d,%d%n", p.id(), p.group(), p.path().name().toLowerCase(Locale.ROOT),
                    r.messages(), p.size(), p.lingerMs(), p.batchSize(), p.compression(), p.acks(),
                    r.messagesPerSecond(), r.mibPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.maxMs(),
                    r.heapPeakMiB(), r.heapAfterGcMiB(), r.failed(), r.elapsedNanos() / 1_000_000));
        }
        return csv.toString();
    }

    String flushCsv() {
        StringBuilder csv = new StringBuilder("flush,requested_ms,started_ms,ended_ms,outcome\n");
        for (WorkerProcess.Flush f : flushes) {
            csv.append(f.number()).append(',').append(f.requestedMs()).append(',').append(f.startedMs())
                    .append(',').append(f.endedMs()).append(',').append(f.outcome()).append('\n');
        }
        return csv.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results (").append(LocalDate.now()).append(")\n\n");
        md.append(String.format(Locale.ROOT, "Broker %s; producer JVM -Xms%dm -Xmx%dm, JDK %s, %d CPUs; %s.%n%n",
                bootstrap, options.heapMiB(), options.heapMiB(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), options.quick() ? "`--quick` (small counts: the "
                        + "figures only show that it runs)" : "the full study"));
        if (partial != null) {
            md.append("**Partial results:** ").append(partial).append('\n');
        } else {
            for (String line : summary()) {
                md.append("- ").append(line).append('\n');
            }
        }
        md.append("\n| group | path | settings | messages | msg/s | MiB/s | p50 ms | p99 ms | p99.9 ms | max ms "
                + "| heap peak MiB | after GC MiB | failed |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            Point p = r.point();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %,.0f | %.1f | %.1f | %.1f | %.1f | %.1f "
                            + "| %s | %s | %d |%n", p.group(), p.path().label(), p.settingsText(), r.messages(),
                    r.messagesPerSecond(), r.mibPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.maxMs(),
                    r.heapPeakMiB() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.heapPeakMiB()),
                    r.heapAfterGcMiB() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.heapAfterGcMiB()),
                    r.failed()));
        }
        if (!flushes.isEmpty()) {
            md.append("\nStage 05 flush waves (").append(ProducerWorker.FLUSHES).append(" flushes of ")
                    .append(ProducerWorker.FLUSH_TIMEOUT.toMillis()).append(" ms on ")
                    .append(ProducerWorker.FLUSH_THREADS).append(" threads, ms from the first send):\n\n")
                    .append("| flush | asked | started | ended | outcome |\n|---:|---:|---:|---:|---|\n");
            flushes.stream().sorted(Comparator.comparingInt(WorkerProcess.Flush::number)).forEach(f -> md.append(
                    String.format(Locale.ROOT, "| %d | %d | %d | %d | %s |%n", f.number(), f.requestedMs(),
                            f.startedMs(), f.endedMs(), f.outcome())));
        }
        md.append("\nLatency: send to callback (queued path: to the listener), HdrHistogram; perf-test rows: the "
                + "tool's own figures. Heap: the producer JVM's heap (-Xms = -Xmx), from the collectors' "
                + "notifications during the measured part (after a full GC): the peak is the most in use just before a "
                + "collection (or at the end), \"after GC\" the most in use right after one.\n");
        return md.toString();
    }
}
