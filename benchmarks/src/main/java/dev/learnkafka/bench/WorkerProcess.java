package dev.learnkafka.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ProducerWorker} JVM: started with a fixed heap ({@code -Xms} = {@code -Xmx}, so that heap peaks of the
 * points compare), fed one point at a time. Its standard error (the client's warnings, or nothing) goes to a
 * file in the output folder.
 */
final class WorkerProcess implements AutoCloseable {
    /** One flush of stage 05's experiment, in milliseconds from the first send. */
    record Flush(int number, long requestedMs, long startedMs, long endedMs, String outcome) {
    }

    /** Delivered messages at a moment, in milliseconds from the first send. */
    record Delivered(long ms, long count) {
    }

    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;
    private final Path errFile;
    final List<Flush> flushes = new ArrayList<>();
    final List<Delivered> delivered = new ArrayList<>();

    private WorkerProcess(Process process, Path errFile) {
        this.process = process;
        this.in = process.getOutputStream();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errFile = errFile;
    }

    /**
     * @param topicPrefix the start of the name of every topic it creates (the study's, so it can find them)
     * @param debugLog    null, or where stage 04's {@code --debug all} lines go (this JVM then logs everything)
     */
    static WorkerProcess start(String bootstrap, String topicPrefix, int heapMiB, Path debugLog, Path errFile)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(bootstrap, topicPrefix));
        if (debugLog != null) {
            args.addAll(List.of("--debug-all", debugLog.toString()));
        }
        List<String> command = ChildJvm.command(List.of("-Xms" + heapMiB + "m", "-Xmx" + heapMiB + "m"),
                ProducerWorker.class.getName(), args);
        Process process = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        return new WorkerProcess(process, errFile);
    }

    /** The JVM, for Ctrl-C: it stops it at once instead of after its point. */
    Process process() {
        return process;
    }

    /** Runs one point and returns what it measured; progress goes to {@code progress}. */
    Result run(Point point, Progress progress) throws IOException {
        in.write((point.encode() + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "PROGRESS" -> progress.advance(Long.parseLong(f[1]));
                case "FLUSH" -> flushes.add(new Flush(Integer.parseInt(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]), Long.parseLong(f[4]), f[5]));
                case "DELIVERED" -> delivered.add(new Delivered(Long.parseLong(f[1]), Long.parseLong(f[2])));
                case "RESULT" -> {
                    return Result.decode(point, line.substring("RESULT ".length()));
                }
                case "ERROR" -> throw new IllegalStateException("Point " + point.id() + " failed in the producer "
                        + "JVM: " + line.substring("ERROR ".length()));
                default -> {
                    // a line of some library on standard output: not for us
                }
            }
        }
        throw new IllegalStateException("The producer JVM ended during point " + point.id() + " (exit "
                + waitForExit() + "); its standard error: " + errFile);
    }

    private String waitForExit() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Closes its input (the worker ends after its current point) and waits for it; kills it after 60 s. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // gone already
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
