package dev.learnkafka.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.broker.Ports;

/**
 * A tutorial broker in a process of its own ({@code local-kafka}'s command line in a new JVM), for fault tests
 * that do to a broker what an operating system does: kill -9, SIGSTOP and SIGCONT. Its data stays in
 * {@code dataDir}, so a broker started again on the same directory has every record the first one wrote.
 */
public final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path out;

    private BrokerProcess(Process process, int port, Path out) {
        this.process = process;
        this.port = port;
        this.out = out;
    }

    /** Starts a broker on {@code port} keeping its data in {@code dataDir}, with {@code topic}; waits until ready. */
    public static BrokerProcess start(int port, Path dataDir, String topic, int partitions)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("broker-out-", ".txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(StageProcess.jdkOptions());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.learnkafka.broker.LocalKafkaMain");
        command.addAll(List.of("--port", String.valueOf(port), "--controller-port", String.valueOf(Ports.freePort()),
                "--data-dir", dataDir.toString(), "--topic", topic, "--partitions", String.valueOf(partitions)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        BrokerProcess broker = new BrokerProcess(process, port, out);
        try {
            await("broker on port " + port + " ready").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("The broker ended: " + Files.readString(out));
                        }
                        return Files.readString(out).contains(" ready at ");
                    });
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: the broker gets no chance to say goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the broker keeps its connections open and answers nothing. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen broker goes on where it stopped. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                try {
                    thaw(); // a frozen process does not end on SIGTERM
                } catch (IOException | IllegalStateException e) {
                    // gone already
                }
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                // a temp file
            }
        }
    }
}
