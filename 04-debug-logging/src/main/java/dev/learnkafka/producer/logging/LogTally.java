package dev.learnkafka.producer.logging;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.event.Level;

/**
 * The stage's log listener: counts the Kafka client's log events by level and by logger, and picks out the
 * Produce requests and responses (a filter on the event's logger and message, not on printed text).
 */
public final class LogTally implements LogListener {
    private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
    private final Map<Level, LongAdder> byLevel = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byLogger = new ConcurrentHashMap<>();
    private final LongAdder produceRequests = new LongAdder();
    private final LongAdder produceResponses = new LongAdder();

    // tag::tally[]
    @Override
    public void onLog(LogEvent event) {
        if (!event.logger().startsWith("org.apache.kafka")) {
            return; // the client's lines only, not the stage's own
        }
        byLevel.computeIfAbsent(event.level(), l -> new LongAdder()).increment();
        String simpleName = event.logger().substring(event.logger().lastIndexOf('.') + 1);
        byLogger.computeIfAbsent(simpleName, n -> new LongAdder()).increment();
        if (event.logger().equals(NETWORK_CLIENT)) {
            if (event.message().contains("Sending PRODUCE request")) {
                produceRequests.increment();
            } else if (event.message().contains("Received PRODUCE response")) {
                produceResponses.increment();
            }
        }
    }
    // end::tally[]

    public long total() {
        return byLevel.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long count(Level level) {
        LongAdder n = byLevel.get(level);
        return n == null ? 0 : n.sum();
    }

    /** TRACE=..., DEBUG=..., in level order, only the levels seen. */
    public Map<Level, Long> byLevel() {
        Map<Level, Long> counts = new EnumMap<>(Level.class);
        byLevel.forEach((level, n) -> counts.put(level, n.sum()));
        return counts;
    }

    /** Counts per logger, by the last part of its name (NetworkClient, Sender, ...), sorted by name. */
    public Map<String, Long> byLogger() {
        Map<String, Long> counts = new TreeMap<>();
        byLogger.forEach((logger, n) -> counts.put(logger, n.sum()));
        return counts;
    }

    public long produceRequests() {
        return produceRequests.sum();
    }

    public long produceResponses() {
        return produceResponses.sum();
    }
}
