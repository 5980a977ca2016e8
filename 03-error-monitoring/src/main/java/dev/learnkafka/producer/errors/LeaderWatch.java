package dev.learnkafka.producer.errors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.learnkafka.producer.polling.DaemonThreads;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;

/**
 * Under the hood of {@link ErrorMonitor}: the {@link ErrorKind#LEADER_CHANGED} events, from the leaders in the
 * producer's own metadata ({@code partitionsFor}). That call answers from the cache for a topic the producer
 * knows, but waits up to {@code max.block.ms} for one it has forgotten (a broker outage makes the client start
 * over from {@code bootstrap.servers}), so it runs on a thread of its own: the monitor's checks of the metrics
 * go on meanwhile, and at most one look is under way at a time.
 */
final class LeaderWatch implements AutoCloseable {
    private final Producer<?, ?> producer;
    private final Consumer<ErrorEvent> events;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    /** "topic-partition" to the leader's broker id; only the watch's thread touches it. */
    private final Map<String, Integer> leaders = new HashMap<>();
    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(DaemonThreads.named("error-monitor-metadata"));
    private Future<?> look;

    /** @param events where a moved leader goes (the monitor's queue: its listeners hear of it at the next check) */
    LeaderWatch(Producer<?, ?> producer, Consumer<ErrorEvent> events) {
        this.producer = producer;
        this.events = events;
    }

    /** Watches the leaders of this topic's partitions from now on. */
    void watch(String topic) {
        topics.add(topic);
    }

    /** Looks at the leaders on the watch's thread, unless the last look is still waiting for metadata. */
    synchronized void lookSoon() {
        if (!thread.isShutdown() && (look == null || look.isDone())) {
            look = thread.submit(this::lookNow);
        }
    }

    // tag::leaders[]
    private void lookNow() {
        for (String topic : topics) {
            List<PartitionInfo> partitions;
            try {
                partitions = producer.partitionsFor(topic); // from the cache, or waits up to max.block.ms
            } catch (KafkaException e) {
                continue; // no metadata now: the metrics tell why
            }
            for (PartitionInfo p : partitions) {
                String key = p.topic() + "-" + p.partition();
                Integer leader = p.leader() == null ? null : p.leader().id();
                Integer before = leaders.put(key, leader);
                if (before != null && !before.equals(leader)) {
                    events.accept(ErrorEvent.of(ErrorKind.LEADER_CHANGED, "The leader of partition " + key
                            + " moved from broker " + before + " to " + (leader == null ? "none (election running)"
                            : "broker " + leader) + "; the client sends there now.", null));
                }
            }
        }
    }
    // end::leaders[]

    /** Stops the watch; a look waiting for metadata is interrupted. */
    @Override
    public synchronized void close() {
        thread.shutdownNow();
    }
}
