package dev.learnkafka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study's outputs from made-up results: no broker, no timing, only their form. */
class ReportTest {

    @Test
    void shouldWriteACsvWithTheDeclaredColumnsAndOneRowPerResult(@TempDir Path dir) throws Exception {
        Report report = sample(dir);
        report.write(dir);

        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(lines.get(0).split(",")).containsExactlyElementsOf(Report.CSV_COLUMNS);
        assertThat(lines).hasSize(report.results.size() + 1);
        for (String row : lines.subList(1, lines.size())) {
            assertThat(row.split(",", -1)).hasSameSizeAs(Report.CSV_COLUMNS.toArray());
        }
        assertThat(lines.get(1)).startsWith("linger-0-batch-16384,linger x batch,plain,1000,100,0,16384,none,all,");
    }

    @Test
    void shouldDrawEveryChartAsAPngThatDecodes(@TempDir Path dir) throws Exception {
        sample(dir).write(dir);

        for (String file : Charts.FILES) {
            BufferedImage image = ImageIO.read(dir.resolve(file).toFile());
            assertThat(image).as(file).isNotNull();
            assertThat(image.getWidth()).as(file).isGreaterThan(400);
        }
    }

    @Test
    void shouldPutTheTargetsFiguresAndATableRowPerResultInTheMarkdown(@TempDir Path dir) throws Exception {
        Report report = sample(dir);
        report.write(dir);

        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("kafka-producer-perf-test at its defaults", "Stage 02 queue + poll vs plain",
                "heap peak");
        assertThat(md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| group") && !l.startsWith("| flush")
                && !l.matches("\\| \\d+ \\|.*"))).hasSize(report.results.size());
    }

    @Test
    void shouldWriteThePointsSoFarAndSayTheyArePartialInsteadOfASummaryTheyCannotMake(@TempDir Path dir)
            throws Exception {
        Report report = sample(dir);
        report.results = report.results.subList(0, 3); // three grid points: no perf-test median, no summary
        report.partial = "the study was interrupted after 3 of 20 points.";
        report.writeResults(dir);

        assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(1 + 3);
        assertThat(Files.readString(dir.resolve("results.md")))
                .contains("**Partial results:** the study was interrupted after 3 of 20 points.",
                        "| linger x batch | plain send + callback |")
                .doesNotContain("Best settings found");
        assertThat(dir).isDirectoryNotContaining("glob:**.next");
    }

    @Test
    void shouldComputeTheRatiosFromTheMedians(@TempDir Path dir) {
        Report report = sample(dir);

        // best 400k / perf-test defaults median 100k; queued/plain rounds 0.9 and 1.0 -> 0.95
        assertThat(report.bestResult().messagesPerSecond()).isCloseTo(400_000.0, offset(1.0));
        assertThat(report.medianRate(Report.PERF_DEFAULTS)).isCloseTo(100_000.0, offset(1.0));
        assertThat(Report.median(report.queuedRatios())).isEqualTo(0.95, offset(1e-6));
    }

    @Test
    void shouldCarryAPointAndAResultThroughTheirLinesUnchanged() {
        Point point = new Point("p-1", "linger x batch", Point.Path.QUEUED, 1234, 1024, 20, 65_536, "zstd", "1");
        Result result = new Result(point, 1234, 2, 5_000_000, 1.5, 2.5, 3.5, 4.5, 100.0, 50.0);

        assertThat(Point.decode(point.encode())).isEqualTo(point);
        assertThat(Result.decode(point, result.encode())).isEqualTo(result);
    }

    @Test
    void shouldChooseSmallCountsForQuickAndTheIssuesCountsOtherwise() {
        Study.Options quick = Study.options(new String[] {"--quick", "--out", "x"});
        Study.Options full = Study.options(new String[] {});

        assertThat(quick.quick()).isTrue();
        assertThat(quick.messages()).isLessThan(full.messages());
        assertThat(full.messages()).isEqualTo(1_000_000);
        assertThat(full.big()).isEqualTo(10_000_000);
        assertThat(quick.out()).isEqualTo(Path.of("x"));
        assertThat(full.out().toString()).startsWith(Path.of("target", "benchmarks").toString());
        assertThat(Study.options(new String[] {"--help"})).isNull();
    }

    /** Rates: grid up to 400k, perf-test defaults 100k (median of 80k, 100k, 120k), queued 90% and 100%. */
    private static Report sample(Path dir) {
        Study.Options options = new Study.Options(false, dir, 1_000, 10_000, 2, 3, 512);
        Report report = new Report(options, "localhost:9092");
        List<Result> results = new ArrayList<>();
        int rate = 120_000;
        for (int linger : Study.LINGERS) {
            for (int batch : new int[] {16_384, 262_144}) {
                Point p = new Point("linger-" + linger + "-batch-" + batch, Report.GRID, Point.Path.PLAIN, 1_000,
                        100, linger, batch, "none", "all");
                results.add(result(p, rate));
                rate += 40_000;
            }
        }
        Point best = results.get(results.size() - 1).point();
        results.add(result(best.withSettings(100, 262_144, "lz4", "all", 100).with("compression-lz4",
                Report.COMPRESSION, Point.Path.PLAIN, 1_000), 300_000));
        Point base = Point.defaults("x", Report.PATHS, Point.Path.PLAIN, 1_000, 100);
        results.add(result(base.with("plain-1", Report.PATHS, Point.Path.PLAIN, 1_000), 200_000));
        results.add(result(base.with("queued-1", Report.PATHS, Point.Path.QUEUED, 1_000), 180_000));
        results.add(result(base.with("queued-2", Report.PATHS, Point.Path.QUEUED, 1_000), 150_000));
        results.add(result(base.with("plain-2", Report.PATHS, Point.Path.PLAIN, 1_000), 150_000));
        results.add(result(base.with("flush-waves", Report.PATHS, Point.Path.FLUSH, 1_000), 120_000));
        results.add(result(base.with("debug-all", Report.PATHS, Point.Path.DEBUG_ALL, 1_000), 10_000));
        for (int r : new int[] {80_000, 120_000, 100_000}) {
            results.add(result(base.with("perf-test-defaults-" + r, Report.PERF_DEFAULTS, Point.Path.PERF_TEST,
                    1_000), r));
        }
        results.add(result(best.with("perf-test-best-1", Report.PERF_BEST, Point.Path.PERF_TEST, 1_000), 350_000));
        results.add(result(best.with("heap-10000", Report.HEAP, Point.Path.PLAIN, 10_000), 390_000));
        report.results = results;
        report.best = best;
        report.flushes = List.of(new WorkerProcess.Flush(1, 10, 10, 210, "timed-out"),
                new WorkerProcess.Flush(2, 10, 210, 260, "ok"));
        report.delivered = List.of(new WorkerProcess.Delivered(0, 0), new WorkerProcess.Delivered(100, 500),
                new WorkerProcess.Delivered(260, 1_000));
        return report;
    }

    private static Result result(Point p, double perSecond) {
        long nanos = Math.round(p.messages() * 1e9 / perSecond);
        return new Result(p, p.messages(), 0, nanos, 1, 2, 3, 4, p.path() == Point.Path.PERF_TEST ? -1 : 64,
                p.path() == Point.Path.PERF_TEST ? -1 : 20);
    }
}
