package dev.learnkafka.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one point measured. Latencies are from send to the delivery callback (for the queued path: to the
 * listener, after the poll loop handed the report over), in milliseconds, from an HdrHistogram; for
 * ProducerPerformance they are its own figures (the same span, its own sampling). Heap figures are of the
 * producer's JVM (-1 where not measured).
 *
 * @param heapPeakMiB    the most heap in use during the measured part, garbage included (just before a
 *                       collection, or at the end)
 * @param heapAfterGcMiB the largest heap in use right after a collection during the measured part: what the
 *                       program really kept
 */
public record Result(Point point, long messages, long failed, long elapsedNanos, double p50Ms, double p99Ms,
                     double p999Ms, double maxMs, double heapPeakMiB, double heapAfterGcMiB) {

    public double messagesPerSecond() {
        return messages * 1e9 / elapsedNanos;
    }

    /** MiB/s of values, as ProducerPerformance counts its "MB/sec" (1024 x 1024 bytes). */
    public double mibPerSecond() {
        return messagesPerSecond() * point.size() / (1024.0 * 1024.0);
    }

    public String encode() {
        return String.format(Locale.ROOT, "messages=%d\tfailed=%d\tnanos=%d\tp50=%.3f\tp99=%.3f\tp999=%.3f\t"
                        + "max=%.3f\theap=%.1f\theapAfterGc=%.1f", messages, failed, elapsedNanos, p50Ms, p99Ms,
                p999Ms, maxMs, heapPeakMiB, heapAfterGcMiB);
    }

    public static Result decode(Point point, String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String pair : line.split("\t")) {
            int eq = pair.indexOf('=');
            f.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Result(point, Long.parseLong(f.get("messages")), Long.parseLong(f.get("failed")),
                Long.parseLong(f.get("nanos")), Double.parseDouble(f.get("p50")), Double.parseDouble(f.get("p99")),
                Double.parseDouble(f.get("p999")), Double.parseDouble(f.get("max")),
                Double.parseDouble(f.get("heap")), Double.parseDouble(f.get("heapAfterGc")));
    }
}
