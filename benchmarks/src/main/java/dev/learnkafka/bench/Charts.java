package dev.learnkafka.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The study's PNG charts, drawn with XChart (headless). */
final class Charts {
    static final String THROUGHPUT_VS_LINGER = "throughput-vs-linger.png";
    static final String LATENCY_VS_THROUGHPUT = "latency-vs-throughput.png";
    static final String FLUSH_WAVES = "flush-waves.png";
    static final String PATHS = "paths.png";
    static final List<String> FILES = List.of(THROUGHPUT_VS_LINGER, LATENCY_VS_THROUGHPUT, FLUSH_WAVES, PATHS);
    private static final int WIDTH = 960;
    private static final int HEIGHT = 560;

    private Charts() {
    }

    static void write(Report report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        save(throughputVsLinger(report), dir.resolve(THROUGHPUT_VS_LINGER));
        save(latencyVsThroughput(report), dir.resolve(LATENCY_VS_THROUGHPUT));
        save(flushWaves(report), dir.resolve(FLUSH_WAVES));
        save(paths(report), dir.resolve(PATHS));
    }

    /** Messages/s against linger.ms, one line per batch.size (100 B, acks=all, no compression). */
    static CategoryChart throughputVsLinger(Report report) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Micro-batching: producer throughput vs linger.ms (100 B values, acks=all)")
                .xAxisTitle("linger.ms").yAxisTitle("messages/s").build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        Map<Integer, List<Result>> byBatch = new LinkedHashMap<>();
        report.group(Report.GRID).forEach(r -> byBatch.computeIfAbsent(r.point().batchSize(), b -> new ArrayList<>())
                .add(r));
        for (Map.Entry<Integer, List<Result>> batch : byBatch.entrySet()) {
            List<Result> line = batch.getValue().stream().sorted(Comparator.comparingInt(r -> r.point().lingerMs()))
                    .toList();
            chart.addSeries("batch.size " + Point.bytes(batch.getKey()),
                    line.stream().map(r -> Integer.toString(r.point().lingerMs())).toList(),
                    line.stream().map(r -> (Number) Math.round(r.messagesPerSecond())).toList());
        }
        List<Result> perf = report.group(Report.PERF_DEFAULTS);
        if (!perf.isEmpty() && !byBatch.isEmpty()) {
            double median = report.medianRate(Report.PERF_DEFAULTS);
            List<String> lingers = byBatch.values().iterator().next().stream()
                    .sorted(Comparator.comparingInt(r -> r.point().lingerMs()))
                    .map(r -> Integer.toString(r.point().lingerMs())).toList();
            chart.addSeries("kafka-producer-perf-test, its defaults (median)", lingers,
                    lingers.stream().map(l -> (Number) Math.round(median)).toList())
                    .setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    /** p99 latency against messages/s, every measured point, one series per group. */
    static XYChart latencyVsThroughput(Report report) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Delivery latency (send to callback, p99) vs throughput")
                .xAxisTitle("messages/s").yAxisTitle("p99 latency, ms (log scale)").build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : report.results) {
            String name = r.point().group().equals(Report.PATHS) ? r.point().path().label() : r.point().group();
            groups.computeIfAbsent(name, g -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Result>> group : groups.entrySet()) {
            chart.addSeries(group.getKey(), group.getValue().stream().mapToDouble(Result::messagesPerSecond).toArray(),
                    group.getValue().stream().mapToDouble(r -> Math.max(0.01, r.p99Ms())).toArray());
        }
        return chart;
    }

    /**
     * Stage 05's flushes as a timeline: for each flush a dashed line while it waits for a free thread and a solid
     * one while it runs (red: timed out, green: ok), and the share of messages delivered, from the first send.
     */
    static XYChart flushWaves(Report report) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "Stage 05 flush waves: %d flushes of %d ms on %d threads, after "
                                + "sending every message", ProducerWorker.FLUSHES,
                        ProducerWorker.FLUSH_TIMEOUT.toMillis(), ProducerWorker.FLUSH_THREADS))
                .xAxisTitle("ms from the first send").yAxisTitle("flush number").build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setYAxisMin(0, 0.0);
        chart.getStyler().setYAxisMax(0, ProducerWorker.FLUSHES + 1.0);
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setYAxisMax(1, 100.0);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        boolean[] shown = new boolean[3];
        for (WorkerProcess.Flush f : report.flushes) {
            XYSeries waiting = chart.addSeries("flush " + f.number() + " waiting",
                    new double[] {f.requestedMs(), f.startedMs()}, new double[] {f.number(), f.number()});
            waiting.setMarker(SeriesMarkers.NONE);
            waiting.setLineColor(Color.GRAY);
            waiting.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4f, 4f}, 0f));
            waiting.setShowInLegend(!shown[0]);
            if (!shown[0]) {
                waiting.setLabel("waiting for a flush thread");
            }
            shown[0] = true;
            boolean ok = f.outcome().equals("ok");
            XYSeries running = chart.addSeries("flush " + f.number() + " running",
                    new double[] {f.startedMs(), f.endedMs()}, new double[] {f.number(), f.number()});
            running.setMarker(SeriesMarkers.CIRCLE);
            running.setMarkerColor(ok ? new Color(0, 140, 60) : new Color(200, 30, 30));
            running.setLineColor(ok ? new Color(0, 140, 60) : new Color(200, 30, 30));
            running.setLineStyle(new BasicStroke(5f));
            int kind = ok ? 1 : 2;
            running.setShowInLegend(!shown[kind]);
            if (!shown[kind]) {
                running.setLabel(ok ? "flush running, ended ok" : "flush running, timed out");
            }
            shown[kind] = true;
        }
        if (!report.delivered.isEmpty()) {
            long total = report.delivered.stream().mapToLong(WorkerProcess.Delivered::count).max().orElse(1);
            XYSeries delivered = chart.addSeries("messages delivered, % (right axis)",
                    report.delivered.stream().mapToDouble(WorkerProcess.Delivered::ms).toArray(),
                    report.delivered.stream().mapToDouble(d -> 100.0 * d.count() / Math.max(1, total)).toArray());
            delivered.setYAxisGroup(1);
            delivered.setMarker(SeriesMarkers.NONE);
            delivered.setLineColor(new Color(40, 90, 200));
            chart.setYAxisGroupTitle(1, "% delivered");
        }
        return chart;
    }

    /** Messages/s of the paths and of Kafka's tool, medians where there were rounds. */
    static CategoryChart paths(Report report) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Throughput by path (100 B values, acks=all; medians of the rounds)")
                .xAxisTitle("").yAxisTitle("messages/s").build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(15);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        List<String> names = new ArrayList<>();
        List<Number> rates = new ArrayList<>();
        add(names, rates, "perf-test, defaults", report.group(Report.PERF_DEFAULTS), null);
        add(names, rates, "perf-test, best settings", report.group(Report.PERF_BEST), null);
        for (Point.Path path : List.of(Point.Path.PLAIN, Point.Path.QUEUED, Point.Path.DEBUG_ALL, Point.Path.FLUSH)) {
            add(names, rates, path.label() + ", defaults", report.group(Report.PATHS), path);
        }
        if (!report.results.isEmpty() && !report.group(Report.GRID).isEmpty()) {
            names.add("plain send, best settings");
            rates.add(Math.round(report.bestResult().messagesPerSecond()));
        }
        if (names.isEmpty()) {
            names.add("none");
            rates.add(0);
        }
        chart.addSeries("messages/s", names, rates);
        return chart;
    }

    private static void add(List<String> names, List<Number> rates, String name, List<Result> results,
                            Point.Path path) {
        List<Double> values = results.stream().filter(r -> path == null || r.point().path() == path)
                .map(Result::messagesPerSecond).toList();
        if (!values.isEmpty()) {
            names.add(name);
            rates.add(Math.round(Report.median(values)));
        }
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setAntiAlias(true);
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
