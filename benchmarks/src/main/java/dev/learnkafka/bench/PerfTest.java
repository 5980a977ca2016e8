package dev.learnkafka.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own producer benchmark, {@code kafka-producer-perf-test.sh} ({@code org.apache.kafka.tools
 * .ProducerPerformance}), as a reader would run it: a fresh JVM per run with the script's {@code -Xmx512M},
 * {@code --throughput -1}, no warm-up records; at its defaults only {@code bootstrap.servers} is set.
 */
final class PerfTest {
    static final String MAIN_CLASS = "org.apache.kafka.tools.ProducerPerformance";
    /** kafka-producer-perf-test.sh runs with KAFKA_HEAP_OPTS="-Xmx512M". */
    static final int HEAP_MIB = 512;
    // 1000000 records sent, 372000.0 records/sec (35.48 MB/sec), 50.12 ms avg latency, 300.00 ms max latency,
    // 40 ms 50th, 200 ms 95th, 250 ms 99th, 290 ms 99.9th.
    private static final Pattern FINAL = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) "
            + "MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, "
            + "(\\d+) ms 99th, (\\d+) ms 99.9th");
    private static final Pattern WINDOW = Pattern.compile("^(\\d+) records sent, ");

    private PerfTest() {
    }

    /** The command that a reader would type for this point (the tool's script name, for the docs). */
    static String scriptCommand(Point point, String topic, String bootstrap, boolean defaults) {
        return "kafka-producer-perf-test.sh " + String.join(" ", arguments(point, topic, bootstrap, defaults));
    }

    static List<String> arguments(Point point, String topic, String bootstrap, boolean defaults) {
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records",
                Integer.toString(point.messages()), "--record-size", Integer.toString(point.size()),
                "--throughput", "-1", "--command-property", "bootstrap.servers=" + bootstrap));
        if (!defaults) {
            for (Map.Entry<String, String> setting : point.producerSettings().entrySet()) {
                args.add(setting.getKey() + "=" + setting.getValue());
            }
        }
        return args;
    }

    /**
     * @param defaults   true: only bootstrap.servers is set; false: the point's settings too
     * @param configFile KAFKA_CLIENT_CONFIG, or null
     * @param started    gets the tool's JVM as soon as it runs (Ctrl-C stops it)
     */
    static Result run(Point point, String topic, String bootstrap, boolean defaults, Path configFile,
                      Progress progress, Path errFile, Consumer<Process> started)
            throws IOException, InterruptedException {
        List<String> args = arguments(point, topic, bootstrap, defaults);
        if (configFile != null) {
            args.addAll(List.of("--command-config", configFile.toString()));
        }
        List<String> command = ChildJvm.command(List.of("-Xmx" + HEAP_MIB + "M",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.logFile=System.err"),
                MAIN_CLASS, args);
        Process process = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        started.accept(process);
        Matcher last = null;
        long sent = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.append(line).append('\n');
                Matcher m = FINAL.matcher(line);
                if (m.find()) {
                    last = m;
                    continue;
                }
                Matcher window = WINDOW.matcher(line);
                if (window.find()) {
                    sent += Long.parseLong(window.group(1));
                    progress.advance(sent);
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || last == null) {
            process.destroyForcibly();
            throw new IllegalStateException("kafka-producer-perf-test did not finish (its output: "
                    + output.toString().strip().replace('\n', ' ') + "; its standard error: " + errFile + ")");
        }
        long messages = Long.parseLong(last.group(1));
        double perSecond = Double.parseDouble(last.group(2));
        return new Result(point, messages, 0, Math.round(messages / perSecond * 1e9),
                Double.parseDouble(last.group(6)), Double.parseDouble(last.group(8)),
                Double.parseDouble(last.group(9)), Double.parseDouble(last.group(5)), -1, -1);
    }
}
