package dev.learnkafka.run;

import java.util.Locale;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

/**
 * Says once, while a run waits for messages in flight with every broker gone, what it waits for, for how long at
 * most, and that Ctrl-C ends it now. Without it a run whose only broker was killed says nothing for two minutes
 * (Kafka's default {@code delivery.timeout.ms}) before it ends as promised.
 *
 * <p>The signal, checked every {@value #CHECK_MS} ms: the producer has messages in flight (a blocked send is one)
 * and for {@value #QUIET_MS} ms it had no connection to any broker (its {@code connection-count} metric is 0) and
 * no message got an outcome. A healthy run never looks like that: a message in flight has a connection to carry
 * it, and the broker answers within milliseconds.
 */
final class BrokersGoneNotice extends TimerTask {
    static final long CHECK_MS = 250;
    static final long QUIET_MS = 3_000;

    private final Outcomes outcomes;
    private final Timer checker = new Timer("run-contract-broker-watch", true); // a daemon: never keeps a run alive
    private volatile boolean said;
    private long quietSince;
    private int toldAtQuiet;
    /** The last check saw a connection: one reading alone is no answer (see {@link #run}). */
    private boolean connectedAtLastCheck;

    /** Starts checking. */
    BrokersGoneNotice(Outcomes outcomes) {
        this.outcomes = outcomes;
        checker.schedule(this, CHECK_MS, CHECK_MS);
    }

    boolean said() {
        return said;
    }

    void stop() {
        checker.cancel();
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        int pending = outcomes.pending(); // a send blocked for the cluster counts: it was handed, no outcome yet
        // connection-count also counts a connection being made: while the broker is down, each reconnect attempt
        // shows for a moment, so only two checks in a row with a connection end the quiet
        boolean connected = outcomes.connectionCount() != 0;
        boolean stillConnected = connected && connectedAtLastCheck;
        connectedAtLastCheck = connected;
        if (pending == 0 || stillConnected || outcomes.summaryPrinted()) {
            quietSince = 0;
            return;
        }
        int told = outcomes.told();
        if (quietSince == 0 || told != toldAtQuiet) {
            quietSince = now; // quiet starts now: no connection, and no outcome since
            toldAtQuiet = told;
            return;
        }
        if (TimeUnit.NANOSECONDS.toMillis(now - quietSince) >= QUIET_MS) {
            said = true;
            LoggerFactory.getLogger(Outcomes.class).warn(text(pending));
            stop();
        }
    }

    /** The one line: what the run waits for, for how long at most, and that Ctrl-C ends it now. */
    private String text(int pending) {
        // a message's batch expires delivery.timeout.ms after it was created, at the latest after the last send;
        // a send blocked for the cluster's metadata gives up after max.block.ms
        long left = Math.max(1, (outcomes.millisLeft() + 999) / 1000);
        return String.format(Locale.ROOT, "No broker has answered for %d s: the run waits for %s in flight (each "
                + "is given up delivery.timeout.ms = %d ms after it was sent), at most %d s more. Press Ctrl-C to "
                + "end it now.", QUIET_MS / 1000, pending == 1 ? "the message" : "the " + pending + " messages",
                outcomes.deliveryTimeoutMs(), left);
    }
}
