package dev.learnkafka.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs until the JVM shuts down (Ctrl-C, SIGTERM). The shutdown hook only asks the main thread to stop and waits
 * for it: the JVM ends when the hooks return, so the hook must not return before Kafka has closed its files.
 */
final class UntilJvmShutdown implements Lifetime {
    private static final long MAX_STOP_SECONDS = 60;
    private static final String EXIT = "exit";

    /** "stop", "start" from standard input; "exit" from the shutdown hook or the end of standard input. */
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    UntilJvmShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            commands.add(EXIT);
            try {
                stopped.await(MAX_STOP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "local-kafka-shutdown"));
    }

    /** Also stops when {@code in} ends: a parent that started this broker ends it so, even by {@code kill -9}. */
    void listenTo(InputStream in) {
        Thread reader = new Thread(() -> {
            // every line: awaitStopRequest acts on the commands it knows and passes over the others
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                lines.lines().map(String::trim).forEach(commands::add);
            } catch (IOException | UncheckedIOException e) {
                // a broken pipe ends the input like a closed one
            }
            commands.add(EXIT);
        }, "local-kafka-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void awaitStopRequest(Control control) throws InterruptedException {
        for (String command = commands.take(); !command.equals(EXIT); command = commands.take()) {
            if (command.equals("stop")) {
                control.stopBroker();
            } else if (command.equals("start")) {
                control.startBroker();
            }
        }
    }

    /** The broker is stopped (or never ran): the shutdown hook may return. */
    void stopped() {
        stopped.countDown();
    }
}
