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
        String reason = unreachable;
        if (reason != null) {
            throw new ClusterUnreachableException("Stopped sending: the cluster did not answer in time (" + reason
                    + "); the messages left are not sent.");
        }
        Future<RecordMetadata> future;
        try {
            outcomes.handed();
            future = delegate.send(record, (metadata, exception) -> {
                Outcome outcome = Outcome.of(metadata, exception);
                outcomes.count(outcome);
                if (exception instanceof TimeoutException && unreachable == null) {
                    unreachable = exception.getMessage();
                }
                if (callback != null) {
                    callback.onCompletion(metadata, exception);
                }
            });
        } catch (RuntimeException e) {
            outcomes.notHanded(); // thrown, not called back: the producer did not take it
            throw e;
        }
        return future;
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
        delegate.close();
    }

    @Override
    public void close(Duration timeout) {
        delegate.close(timeout);
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
