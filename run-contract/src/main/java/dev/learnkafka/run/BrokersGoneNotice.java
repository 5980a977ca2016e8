package dev.learnkafka.run;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.LoggerFactory;

/**
 * Says once, while a run waits for messages in flight with every broker gone, what it waits for, for how long at
 * most, and that Ctrl-C ends it now. Without it a run whose only broker was killed says nothing for two minutes
 * (Kafka's default {@code delivery.timeout.ms}) before it ends as promised.
 *
 * <p>The signal, checked every {@value #CHECK_MS} ms: the producer has messages in flight (or a send is blocked)
 * and for {@value #QUIET_MS} ms it had no connection to any broker (its {@code connection-count} metric is 0) and
 * no message got an outcome. A healthy run never looks like that: a message in flight has a connection to carry
 * it, and the broker answers within milliseconds.
 */
final class BrokersGoneNotice {
    static final long CHECK_MS = 250;
    static final long QUIET_MS = 3_000;

    private final WatchedProducer<?, ?> producer;
    private final Outcomes outcomes;
    private final long deliveryTimeoutMs;
    private final long maxBlockMs;
    private final ScheduledExecutorService checker;
    private final AtomicBoolean said = new AtomicBoolean();
    private long quietSince;
    private int toldAtQuiet;

    private BrokersGoneNotice(WatchedProducer<?, ?> producer, Outcomes outcomes, long deliveryTimeoutMs,
                              long maxBlockMs) {
        this.producer = producer;
        this.outcomes = outcomes;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.maxBlockMs = maxBlockMs;
        this.checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "run-contract-broker-watch");
            thread.setDaemon(true); // never keeps a run alive
            return thread;
        });
    }

    static BrokersGoneNotice start(WatchedProducer<?, ?> producer, Outcomes outcomes, long deliveryTimeoutMs,
                                   long maxBlockMs) {
        BrokersGoneNotice notice = new BrokersGoneNotice(producer, outcomes, deliveryTimeoutMs, maxBlockMs);
        notice.checker.scheduleWithFixedDelay(notice::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
        return notice;
    }

    boolean said() {
        return said.get();
    }

    void stop() {
        checker.shutdownNow();
    }

    private void check() {
        long now = System.nanoTime();
        int pending = outcomes.pending();
        long blockedSince = producer.sendingSince();
        boolean waiting = pending > 0 || blockedSince != 0;
        if (!waiting || producer.connectionCount() != 0 || outcomes.summaryPrinted()) {
            quietSince = 0;
            return;
        }
        int told = outcomes.told();
        if (quietSince == 0 || told != toldAtQuiet) {
            quietSince = now; // quiet starts now: no connection, and no outcome since
            toldAtQuiet = told;
            return;
        }
        if (TimeUnit.NANOSECONDS.toMillis(now - quietSince) >= QUIET_MS && said.compareAndSet(false, true)) {
            LoggerFactory.getLogger(Outcomes.class).warn(text(now, pending, blockedSince));
            stop();
        }
    }

    /** The one line: what the run waits for, for how long at most, and that Ctrl-C ends it now. */
    private String text(long now, int pending, long blockedSince) {
        // a message's batch expires delivery.timeout.ms after it was created, at the latest after the last send;
        // a blocked send gives up after max.block.ms
        long deadline = producer.lastHandedAt() + TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMs);
        if (blockedSince != 0) {
            deadline = Math.max(deadline, blockedSince + TimeUnit.MILLISECONDS.toNanos(maxBlockMs));
        }
        long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - now + 999_999_999L));
        StringBuilder what = new StringBuilder();
        if (pending > 0) {
            what.append(pending == 1 ? "the message" : "the " + pending + " messages")
                .append(" in flight (each is given up delivery.timeout.ms = ").append(deliveryTimeoutMs)
                .append(" ms after it was sent)");
        }
        if (blockedSince != 0) {
            what.append(pending > 0 ? " and for " : "").append("a send waiting for the cluster (max.block.ms = ")
                .append(maxBlockMs).append(" ms)");
        }
        return String.format(Locale.ROOT, "No broker has answered for %d s: the run waits for %s, at most %d s "
                + "more. Press Ctrl-C to end it now.", QUIET_MS / 1000, what, left);
    }
}
