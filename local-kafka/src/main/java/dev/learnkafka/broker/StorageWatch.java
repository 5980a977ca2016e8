package dev.learnkafka.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Says once on the console when Kafka takes a log directory offline, a full disk most often: the broker keeps
 * running with its partitions offline, and without this line "ready" would stay its last word on the console, while
 * its own log, often on that same full disk, cannot be written any more.
 */
final class StorageWatch implements AutoCloseable {
    /** Below this, a failed directory's filesystem counts as full: Kafka's largest batch is 1 MiB by default. */
    static final long FULL_BELOW_BYTES = 2L * 1024 * 1024;

    private final LocalKafka kafka;
    private final PrintStream console;
    private final ScheduledExecutorService timer;
    /** Reported and still offline: each failure is told once. */
    private final Set<Path> reported = new HashSet<>();

    StorageWatch(LocalKafka kafka, PrintStream console, Duration interval) {
        this.kafka = kafka;
        this.console = console;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-kafka-storage-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        List<Path> offline = kafka.offlineLogDirectories();
        reported.retainAll(offline);
        for (Path dir : offline) {
            if (reported.add(dir)) {
                console.println(offlineLine(dir, usableBytes(dir))); // the console flushes at each line
            }
        }
    }

    /** {@code usableBytes}: free space on the directory's filesystem, or -1 when it cannot be read. */
    static String offlineLine(Path dir, long usableBytes) {
        String cause = usableBytes < 0 ? "a write failed (its disk may be full)"
                : usableBytes < FULL_BELOW_BYTES ? "its disk is full (" + size(usableBytes) + " free)"
                : "a write failed (" + size(usableBytes) + " free; the broker log says why)";
        return "local-kafka: Kafka cannot write to its data directory " + dir + " any more: " + cause
                + ". Its partitions are offline: sends fail with KAFKA_STORAGE_ERROR or time out until you free some "
                + "space and start Kafka again (Ctrl-C, then the same command).";
    }

    private static long usableBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String size(long bytes) {
        return bytes < 1024 * 1024 ? (bytes / 1024) + " KiB"
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** Stops watching and waits for a check under way: nothing is printed after this returns. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
