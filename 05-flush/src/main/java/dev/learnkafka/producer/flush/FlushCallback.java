package dev.learnkafka.producer.flush;

/**
 * Called once per flush, like node-rdkafka's {@code producer.flush(timeout, cb)} callback and shaped like Kafka's
 * own {@code Callback}: {@code exception} is null when the flush completed in time.
 */
@FunctionalInterface
public interface FlushCallback {
    /**
     * @param report    when the flush was asked for, started and ended, and its outcome; never null
     * @param exception null when ok; a {@link FlushTimeoutException} when the timeout passed ("Local: Timed out");
     *                  else why the flush failed or never started
     */
    void onCompletion(FlushReport report, Exception exception);
}
