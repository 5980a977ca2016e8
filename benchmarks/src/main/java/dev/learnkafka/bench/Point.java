package dev.learnkafka.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measurement of the study: which path, how many messages of what size, and the producer settings that
 * differ between points. Everything else is the Kafka client's default (idempotence on, max.in.flight 5,
 * buffer.memory 32 MiB).
 *
 * <p>A point travels to the producer JVM as one line of {@code key=value} pairs ({@link #encode()}).
 *
 * @param id          unique within a run, e.g. {@code linger-20-batch-65536}
 * @param group       the sweep or comparison it belongs to, e.g. {@code linger x batch}
 * @param path        how the messages are sent
 * @param messages    measured messages (a short warm-up with the same producer comes first)
 * @param size        value size in bytes
 * @param lingerMs    linger.ms
 * @param batchSize   batch.size in bytes
 * @param compression compression.type
 * @param acks        acks ("all" or "1")
 */
public record Point(String id, String group, Path path, int messages, int size, int lingerMs, int batchSize,
                    String compression, String acks) {

    /** The ways of sending that the study compares. */
    public enum Path {
        /** {@code producer.send(record, callback)}, the Java client's own way. */
        PLAIN("plain send + callback"),
        /** Stage 02: callbacks put delivery reports on a queue, a poll loop hands them to the listener. */
        QUEUED("stage 02 queue + poll"),
        /** Stage 04's {@code --debug all}: plain send with every debug context logging to a file. */
        DEBUG_ALL("stage 04 --debug all"),
        /** Stage 05: all messages buffered, then flushes with a timeout on a small pool. */
        FLUSH("stage 05 flush waves"),
        /** Kafka's ProducerPerformance (kafka-producer-perf-test.sh), a cold JVM per run. */
        PERF_TEST("kafka-producer-perf-test");

        private final String label;

        Path(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Kafka's producer defaults (4.x): linger.ms 5, batch.size 16 KiB, no compression, acks=all. */
    public static Point defaults(String id, String group, Path path, int messages, int size) {
        return new Point(id, group, path, messages, size, 5, 16_384, "none", "all");
    }

    public Point with(String newId, String newGroup, Path newPath, int newMessages) {
        return new Point(newId, newGroup, newPath, newMessages, size, lingerMs, batchSize, compression, acks);
    }

    public Point withSettings(int newLinger, int newBatch, String newCompression, String newAcks, int newSize) {
        return new Point(id, group, path, messages, newSize, newLinger, newBatch, newCompression, newAcks);
    }

    /** The producer settings this point sets, as Kafka names them. */
    public Map<String, String> producerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("linger.ms", Integer.toString(lingerMs));
        settings.put("batch.size", Integer.toString(batchSize));
        settings.put("compression.type", compression);
        settings.put("acks", acks);
        return settings;
    }

    /** e.g. "linger.ms=20 batch.size=64 KiB compression=lz4 acks=all 100 B". */
    public String settingsText() {
        return String.format(Locale.ROOT, "linger.ms=%d batch.size=%s compression=%s acks=%s, %s", lingerMs,
                bytes(batchSize), compression, acks, bytes(size));
    }

    /** 16384 becomes "16 KiB", 100 becomes "100 B". */
    public static String bytes(long n) {
        if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
            return n / (1024 * 1024) + " MiB";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return n / 1024 + " KiB";
        }
        return n + " B";
    }

    /** One line, no spaces inside values: {@code id=... group=... ...}; {@link #decode} reads it back. */
    public String encode() {
        return "id=" + id + "\tgroup=" + group + "\tpath=" + path + "\tmessages=" + messages + "\tsize=" + size
                + "\tlinger=" + lingerMs + "\tbatch=" + batchSize + "\tcompression=" + compression
                + "\tacks=" + acks;
    }

    public static Point decode(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String pair : line.split("\t")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Not a point: " + line);
            }
            f.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Point(f.get("id"), f.get("group"), Path.valueOf(f.get("path")),
                Integer.parseInt(f.get("messages")), Integer.parseInt(f.get("size")),
                Integer.parseInt(f.get("linger")), Integer.parseInt(f.get("batch")), f.get("compression"),
                f.get("acks"));
    }
}
