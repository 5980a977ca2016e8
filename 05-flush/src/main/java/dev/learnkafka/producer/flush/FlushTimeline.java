package dev.learnkafka.producer.flush;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Draws flush reports as a small text chart and groups them into waves: the flushes that a pool's workers took up
 * together.
 *
 * <pre>
 *            0 ms                                 4003 ms
 * flush 1    ====================x                     0 -&gt; 2001 ms  timed out
 * flush 5    ....................====================x 2001 -&gt; 4003 ms  timed out
 * </pre>
 */
public final class FlushTimeline {
    static final char WAITING = '.';
    static final char FLUSHING = '=';
    private static final Map<FlushReport.Outcome, Character> END_MARK = Map.of(
            FlushReport.Outcome.OK, '+', FlushReport.Outcome.TIMED_OUT, 'x',
            FlushReport.Outcome.FAILED, '!', FlushReport.Outcome.NOT_STARTED, '-');

    /**
     * Flushes that started together.
     *
     * @param number  1 for the first wave
     * @param flushes the flush numbers, in start order
     */
    public record Wave(int number, List<Integer> flushes, long firstStartMs, long lastStartMs, long firstEndMs,
                       long lastEndMs, Map<FlushReport.Outcome, Long> outcomes) {
        /** e.g. "Wave 2: flushes 5, 6, 7, 8 started at 2001-2002 ms and ended at 4001-4003 ms: 4 timed out." */
        public String describe() {
            String outcomeText = outcomes.entrySet().stream()
                    .map(e -> e.getValue() + " " + FlushTimeline.describe(e.getKey()))
                    .collect(Collectors.joining(", "));
            return "Wave " + number + ": flush" + (flushes.size() == 1 ? " " : "es ")
                    + flushes.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " started at " + range(firstStartMs, lastStartMs) + " and ended at "
                    + range(firstEndMs, lastEndMs) + ": " + outcomeText + ".";
        }

        private static String range(long from, long to) {
            return (from == to ? String.valueOf(from) : from + "-" + to) + " ms";
        }
    }

    private static final int CHART_COLUMNS = 40;

    private FlushTimeline() {
    }

    /** Prints the chart and the waves to standard output: the stage's timeline. */
    public static void print(List<FlushReport> reports, long originNanos) {
        System.out.println();
        System.out.println("Flush timeline (ms after the flushes were asked for):");
        chart(reports, originNanos, CHART_COLUMNS).forEach(System.out::println);
        System.out.println();
        waves(reports, originNanos).forEach(w -> System.out.println(w.describe()));
        System.out.println();
    }

    /** "ok", "timed out", "failed" or "not started". */
    public static String describe(FlushReport.Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /**
     * Groups the flushes into waves: a flush that started once a flush of the current wave had ended starts a new one
     * (it could have waited for the worker that flush freed). A worker thread that is slow to start on a busy
     * machine stays in its wave: no fraction of the timeout decides.
     *
     * @param originNanos the {@link System#nanoTime()} reading the milliseconds count from
     */
    public static List<Wave> waves(List<FlushReport> reports, long originNanos) {
        List<FlushReport> byStart = reports.stream().sorted(Comparator.comparingLong(FlushReport::startedNanos)
                .thenComparingInt(FlushReport::number)).toList();
        List<List<FlushReport>> groups = new ArrayList<>();
        for (FlushReport report : byStart) {
            List<FlushReport> current = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (current == null || report.startedNanos() >= current.stream().mapToLong(FlushReport::endedNanos).min()
                    .orElseThrow()) {
                current = new ArrayList<>();
                groups.add(current);
            }
            current.add(report);
        }
        List<Wave> waves = new ArrayList<>();
        for (List<FlushReport> group : groups) {
            Map<FlushReport.Outcome, Long> outcomes = group.stream().collect(Collectors.groupingBy(
                    FlushReport::outcome, TreeMap::new, Collectors.counting()));
            waves.add(new Wave(waves.size() + 1, group.stream().map(FlushReport::number).sorted().toList(),
                    group.stream().mapToLong(r -> r.startedMs(originNanos)).min().orElse(0),
                    group.stream().mapToLong(r -> r.startedMs(originNanos)).max().orElse(0),
                    group.stream().mapToLong(r -> r.endedMs(originNanos)).min().orElse(0),
                    group.stream().mapToLong(r -> r.endedMs(originNanos)).max().orElse(0),
                    outcomes));
        }
        return waves;
    }

    /**
     * The chart, one line per flush in flush order, {@code columns} wide: {@code .} waiting for a worker,
     * {@code =} flushing, then {@code x} timed out, {@code +} ok, {@code !} failed.
     */
    public static List<String> chart(List<FlushReport> reports, long originNanos, int columns) {
        long lastEnd = reports.stream().mapToLong(r -> r.endedMs(originNanos)).max().orElse(0);
        long msPerColumn = roundStep(lastEnd, columns);
        int labelWidth = ("flush " + reports.size()).length() + 2;
        int timeWidth = String.valueOf(lastEnd).length();
        List<String> lines = new ArrayList<>();
        String axisEnd = lastEnd + " ms";
        lines.add(" ".repeat(labelWidth) + pad("0 ms", columns + 1 - axisEnd.length()) + axisEnd);
        for (FlushReport r : reports.stream().sorted(Comparator.comparingInt(FlushReport::number)).toList()) {
            int queued = column(Math.max(0, r.requestedNanos() - originNanos) / 1_000_000, msPerColumn);
            int started = column(r.startedMs(originNanos), msPerColumn);
            int ended = column(r.endedMs(originNanos), msPerColumn);
            StringBuilder bar = new StringBuilder(" ".repeat(queued));
            bar.append(String.valueOf(WAITING).repeat(Math.max(0, started - queued)));
            bar.append(String.valueOf(FLUSHING).repeat(Math.max(0, ended - started)));
            bar.append(END_MARK.get(r.outcome()));
            lines.add(pad("flush " + r.number(), labelWidth) + pad(bar.toString(), columns + 2)
                    + String.format("%" + timeWidth + "d -> %" + timeWidth + "d ms  %s", r.startedMs(originNanos),
                    r.endedMs(originNanos), describe(r.outcome())));
        }
        lines.add("one column = " + msPerColumn + " ms;  " + WAITING + " waiting for a worker  " + FLUSHING
                + " flushing  x timed out  + ok  ! failed");
        return lines;
    }

    /** 1, 2, 5, 10, 20, 50, 100, ... ms per column: the smallest that fits about {@code columns} columns. */
    static long roundStep(long lastEndMs, int columns) {
        long step = 1;
        while (true) {
            for (long factor : new long[] {1, 2, 5}) {
                if (lastEndMs / (step * factor) <= columns + columns / 4) {
                    return step * factor;
                }
            }
            step *= 10;
        }
    }

    private static int column(long ms, long msPerColumn) {
        return (int) (ms / msPerColumn);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
