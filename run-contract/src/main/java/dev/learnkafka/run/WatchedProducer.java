package dev.learnkafka.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * The producer a stage gets back from {@link Outcomes#watch}: the stage's own producer, plus the run contract's
 * bookkeeping around {@code send}. Everything else is passed through.
 *
 * <p>Why it stops sending: the Java client's {@code send()} blocks (up to {@code max.block.ms}) while it has no
 * metadata for the topic, and once every broker is gone the default {@code metadata.recovery.strategy=rebootstrap}
 * forgets the topic. A loop of 400,000 sends would then wait 15 s per message: days. node-rdkafka's
 * {@code produce()} never blocks, it queues and fails each message later ("All broker connections are down").
 * So the first send that times out (a metadata wait, a full buffer, or a batch that expired) closes the gate:
 * further sends throw {@link ClusterUnreachableException} at once and those messages count as not sent.
 */
final class WatchedProducer<K, V> implements Producer<K, V> {
    private final Producer<K, V> delegate;
    private final Outcomes outcomes;
    private volatile String unreachable;
    /** When the send under way began ({@link System#nanoTime()}), or 0: a send may block up to max.block.ms. */
    private volatile long sendingSince;
    /** When the last record was handed to the producer: its batch expires delivery.timeout.ms after that. */
    private volatile long lastHandedAt = System.nanoTime();
    /** Ctrl-C: the stage's sends stop here. */
    private volatile boolean interrupted;
    /** Set (under this object's lock) when the stage closes the producer: its thread is not interrupted then. */
    private boolean closing;
    /** The stage's thread was interrupted (Ctrl-C) before its close: the flag is set again after it. */
    private boolean interruptedBeforeClose;
    /** Whether a broker was connected when the stage began to close the producer. */
    private boolean connectedAtClose;

    WatchedProducer(Producer<K, V> delegate, Outcomes outcomes) {
        this.delegate = delegate;
        this.outcomes = outcomes;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        if (interrupted) {
            throw new RunInterruptedException("Interrupted: the messages left are not sent.");
        }
        String reason = unreachable;
        if (reason != null) {
            // the broker is still there to ask why, when one is connected: ask before the stage closes it
            outcomes.seekBrokerCause(connected());
            String cause = outcomes.brokerCause();
            throw new ClusterUnreachableException(cause != null
                    ? "Stopped sending: " + cause + " (" + reason + "); the messages left are not sent."
                    : "Stopped sending: the cluster did not answer in time (" + reason
                            + "); the messages left are not sent.");
        }
        Future<RecordMetadata> future;
        sendingSince = System.nanoTime();
        try {
            outcomes.handed();
            future = delegate.send(record, (metadata, exception) -> {
                Outcome outcome = Outcome.of(metadata, exception);
                if (exception instanceof TimeoutException && unreachable == null) {
                    unreachable = exception.getMessage();
                }
                try {
                    if (callback != null) {
                        callback.onCompletion(metadata, exception);
                    }
                } finally {
                    // counted after the stage's callback printed its line: the summary never counts more lines
                    // than were printed before it
                    outcomes.count(outcome, exception);
                }
            });
            lastHandedAt = System.nanoTime();
        } catch (RuntimeException e) {
            outcomes.notHanded(); // thrown, not called back: the producer did not take it
            throw e;
        } finally {
            sendingSince = 0;
        }
        return future;
    }

    /** When the send under way began, or 0 when none is. */
    long sendingSince() {
        return sendingSince;
    }

    long lastHandedAt() {
        return lastHandedAt;
    }

    /** True when the producer has a connection to a broker now (its {@code connection-count} metric). */
    boolean connected() {
        return connectionCount() > 0;
    }

    /** The producer's {@code connection-count} metric; -1 when it has none (a mock producer). */
    double connectionCount() {
        try {
            for (Map.Entry<MetricName, ? extends Metric> m : delegate.metrics().entrySet()) {
                if (m.getKey().name().equals("connection-count") && m.getKey().group().equals("producer-metrics")
                        && m.getValue().metricValue() instanceof Number n) {
                    return n.doubleValue();
                }
            }
        } catch (RuntimeException e) {
            // a closed producer: nothing to read
        }
        return -1;
    }

    /**
     * Ctrl-C: sends stop; the stage's thread is interrupted out of whatever it waits for (a latch, a sleep, a
     * blocked send), unless it is closing the producer (KafkaProducer logs an error with a stack trace when its
     * close is interrupted); then the producer is closed here, waiting at most {@code grace} for what is in
     * flight, which also ends a close of the stage's that has no time limit.
     */
    void interrupt(Thread stageThread, Duration grace) {
        interrupted = true;
        synchronized (this) {
            if (!closing) {
                stageThread.interrupt();
            }
        }
        delegate.close(grace);
    }

    private void closing() {
        synchronized (this) {
            closing = true;
        }
        // an interrupt that came before the close must not break it either; the stage's thread keeps the news
        if (Thread.interrupted()) {
            interruptedBeforeClose = true;
        }
    }

    private void closed() {
        if (interruptedBeforeClose) {
            Thread.currentThread().interrupt();
        }
        // messages that timed out while a broker still answered: ask it why, before the run stops its broker
        if (!interrupted && (outcomes.count(Outcome.UNKNOWN, false) > 0 || unreachable != null)) {
            outcomes.seekBrokerCause(connectedAtClose);
        }
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return delegate.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return delegate.clientInstanceId(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Override
    public void close(Duration timeout) {
        closing();
        connectedAtClose = connected();
        try {
            delegate.close(timeout);
        } finally {
            closed();
        }
    }

    @Override
    public void initTransactions() {
        delegate.initTransactions();
    }

    @Override
    public void beginTransaction() {
        delegate.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        delegate.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
        delegate.commitTransaction();
    }

    @Override
    public void abortTransaction() {
        delegate.abortTransaction();
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        delegate.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        delegate.unregisterMetricFromSubscription(metric);
    }
}
