package dev.learnkafka.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What the study says while it runs: which point, how far it is, and an estimate of the time left. The estimate
 * weighs every point by its messages and bytes plus a fixed cost (topic, producer, JVM), and scales by the time
 * the finished work took.
 */
final class Progress {
    private static final long REPORT_EVERY_NANOS = 2_000_000_000L;
    private static final long FIXED_UNITS = 300_000;

    private final PrintStream out;
    private final int points;
    private final long totalUnits;
    private final long started = System.nanoTime();
    private long doneUnits;
    private int current;
    private Point point;
    private long lastReport;
    private long pointStarted;
    /** Set by Ctrl-C: from then on the interrupted study's last line is the only one. */
    private boolean muted;

    Progress(PrintStream out, int points, long totalUnits) {
        this.out = out;
        this.points = points;
        this.totalUnits = totalUnits;
    }

    /** How much a point weighs in the estimate. */
    static long units(Point point) {
        long perMessage = (100L + point.size()) / 2;
        long units = point.messages() * perMessage / 100 + FIXED_UNITS;
        return switch (point.path()) {
            case DEBUG_ALL -> units * 5;
            case PERF_TEST -> units + 4 * FIXED_UNITS;
            default -> units;
        };
    }

    synchronized void begin(Point p) {
        if (muted) {
            return;
        }
        current++;
        point = p;
        lastReport = System.nanoTime();
        pointStarted = lastReport;
        out.printf(Locale.ROOT, "[%2d/%d] %s, %s: %,d messages (%s)%n", current, points, p.group(),
                p.path().label(), p.messages(), p.settingsText());
    }

    synchronized void advance(long messagesDone) {
        long now = System.nanoTime();
        if (now - lastReport < REPORT_EVERY_NANOS || point == null || muted) {
            return;
        }
        lastReport = now;
        double fraction = Math.min(1.0, (double) messagesDone / point.messages());
        long unitsNow = doneUnits + (long) (fraction * units(point));
        out.printf(Locale.ROOT, "        %,d of %,d (%.0f%%); study %.0f%% done%s%n", messagesDone, point.messages(),
                100 * fraction, 100.0 * unitsNow / totalUnits, eta(unitsNow));
    }

    synchronized void end(Result r) {
        if (muted) {
            return;
        }
        doneUnits += units(point);
        out.printf(Locale.ROOT, "        %,.0f msg/s, %.1f MiB/s, latency p50 %.1f / p99 %.1f / max %.1f ms%s%s "
                        + "(point took %.1f s); study %.0f%% done%s%n", r.messagesPerSecond(), r.mibPerSecond(),
                r.p50Ms(), r.p99Ms(),
                r.maxMs(), r.heapPeakMiB() >= 0 ? String.format(Locale.ROOT, ", heap peak %.0f MiB",
                        r.heapPeakMiB()) : "", r.failed() > 0 ? ", " + r.failed() + " FAILED" : "",
                (System.nanoTime() - pointStarted) / 1e9, 100.0 * doneUnits / totalUnits, eta(doneUnits));
        point = null;
    }

    /** No more lines from here on. */
    synchronized void mute() {
        muted = true;
    }

    /** Minutes and seconds since the start. */
    String elapsed() {
        return duration((System.nanoTime() - started) / 1_000_000_000L);
    }

    private String eta(long unitsNow) {
        if (unitsNow <= 0) {
            return "";
        }
        double secondsPerUnit = (System.nanoTime() - started) / 1e9 / unitsNow;
        long left = Math.round(secondsPerUnit * Math.max(0, totalUnits - unitsNow));
        return ", about " + duration(left) + " left";
    }

    static String duration(long seconds) {
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
    }
}
