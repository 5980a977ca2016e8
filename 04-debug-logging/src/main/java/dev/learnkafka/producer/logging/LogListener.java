package dev.learnkafka.producer.logging;

/**
 * Receives log events: the counterpart of {@code producer.on('event.log', listener)}.
 *
 * <p>Like librdkafka's log callback, it runs on whichever thread logged, often the producer's I/O thread: keep it
 * short and never block in it. Whatever it logs itself is not handed back to it.
 */
@FunctionalInterface
public interface LogListener {
    void onLog(LogEvent event);
}
