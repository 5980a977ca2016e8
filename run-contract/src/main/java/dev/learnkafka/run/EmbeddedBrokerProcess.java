package dev.learnkafka.run;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker of one run: {@code local-kafka}'s command line in a child JVM, on a free port (never the
 * tutorial's, so no other run finds it), with a temporary data directory and its logs in a file, not the console.
 * The child runs with {@code --controlled-by-stdin}: it ends when its standard input closes, even when this JVM
 * is killed with {@code kill -9}; the lines {@code stop} and {@code start} are for the fault demonstrations.
 */
final class EmbeddedBrokerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerProcess.class);
    private static final String MAIN_CLASS = "dev.learnkafka.broker.LocalKafkaMain";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String END_OF_OUTPUT = "\u0000end";

    private final Process process;
    // read as they come, so that the child's output never fills the pipe
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>(); // the last ones say why the child ended
    final Path logFile;
    // a stage ended by Ctrl-C or System.exit still deletes its broker's data (close() is idempotent)
    String bootstrapServers;
    private boolean running;
    private boolean closed;

    private EmbeddedBrokerProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
                in.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // the child is gone: the end of its output says so
            }
            lines.add(END_OF_OUTPUT);
        }, "embedded-broker-output");
        reader.setDaemon(true);
        reader.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-broker-shutdown"));
    }

    /** Starts the child JVM and waits for its ready line; were local-kafka missing, the child's last lines say so. */
    static EmbeddedBrokerProcess start(String topic, int partitions) {
        EmbeddedBrokerProcess broker;
        try {
            Path logFile = Files.createTempFile("local-kafka-run-", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // a tutorial's load is tiny: these start the broker in about 5 s, not 7-11 s (busy 2-core machine)
            List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    // Kafka's compression libraries load native code: no warning per run (JDK 17 accepts it)
                    "--enable-native-access=ALL-UNNAMED"));
            if (Runtime.version().feature() >= 24) {
                // the broker unmaps its index files through sun.misc.Unsafe: no warning for it (JDK 17 refuses this)
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.addAll(List.of("-cp", classpath(), MAIN_CLASS, "--port", "0", "--topic", topic,
                    "--partitions", Integer.toString(partitions), "--log-file", logFile.toString(),
                    "--controlled-by-stdin"));
            broker = new EmbeddedBrokerProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), logFile);
        } catch (IOException e) {
            throw new BrokerUnavailableException("the embedded broker could not be started: " + e.getMessage(), e);
        }
        try {
            broker.bootstrapServers = broker.awaitLine(" ready at ", START_TIMEOUT)
                    .replaceFirst(".* ready at (\\S+) .*", "$1");
            broker.running = true;
            return broker;
        } catch (BrokerUnavailableException e) {
            broker.close();
            throw e;
        }
    }

    /** Stops the broker (a clean shutdown, as Ctrl-C does); its port and data stay for {@link #restart()}. */
    synchronized void stop() {
        if (running) {
            send("stop");
            awaitLine(" is stopped", STOP_TIMEOUT);
            running = false;
        }
    }

    /** Starts the stopped broker again on the same port and data. */
    synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("This run's broker is closed: the run has ended.");
        }
        stop();
        send("start");
        awaitLine(" is ready again", START_TIMEOUT);
        running = true;
    }

    /** Stops the child JVM, which deletes the broker's data, and waits until it is gone. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        try {
            process.getOutputStream().close(); // the child's signal to stop Kafka, delete its data and exit
        } catch (IOException e) {
            // already closed: the child sees the end of its input either way
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("The embedded broker did not stop within {} s; it is killed.", STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        if (!process.isAlive() && process.exitValue() == 0) {
            logFile.toFile().delete(); // the logs of a broker that ended well: of no more use (kept otherwise)
        }
    }

    private void send(String command) {
        try {
            process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new BrokerUnavailableException("The embedded broker is gone (" + e.getMessage() + "); its logs: "
                    + logFile, e);
        }
    }

    /** The child's next line that contains {@code expected}; fails on the child's end or a timeout. */
    private String awaitLine(String expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS); // null once past it
                if (line == null) {
                    throw new BrokerUnavailableException("the embedded broker did not answer within "
                            + timeout.toSeconds() + " s; its logs: " + logFile);
                }
                if (line.equals(END_OF_OUTPUT)) {
                    lines.add(END_OF_OUTPUT); // for the next wait
                    String said = String.join(" ", seen.subList(Math.max(0, seen.size() - 3), seen.size()));
                    throw new BrokerUnavailableException("the embedded broker ended"
                            + (said.isEmpty() ? "" : ": " + said.replaceFirst("^local-kafka: ", "")));
                }
                seen.add(line);
                if (line.contains(expected)) {
                    return line;
                }
                log.debug("Embedded broker: {}", line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("Interrupted while waiting for the embedded broker.", e);
        }
    }

    /** Not just {@code java.class.path}: under {@code exec:java} that is Maven's, and the stage's is the plugin's. */
    private static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = EmbeddedBrokerProcess.class.getClassLoader(); loader != null;
             loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        log.debug("Not a file on the classpath: {}", url);
                    }
                }
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }
}
