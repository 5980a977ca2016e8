package dev.learnkafka.run;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * No message is lost without a word: every message of the run gets exactly one {@link Outcome}, and the summary's
 * parts add up to N. The lesson's producer attaches through {@link OutcomeInterceptor}; {@link StageRunner} prints
 * the summary once, after the stage closed its producer, so every per-message line comes before it.
 */
public final class Outcomes {
    static final long CHECK_MS = 250;
    static final long QUIET_MS = 3_000;
    private static final AtomicReference<Outcomes> CURRENT = new AtomicReference<>();
    /** Made by {@link Run#yourSettings()}, until a producer attaches. */
    private static final AtomicReference<Outcomes> ARMED = new AtomicReference<>();

    private final int expected;
    /** By {@link Outcome#ordinal()}; NOT_SENT's stays 0: it is what was never handed. */
    private final AtomicIntegerArray counts = new AtomicIntegerArray(Outcome.values().length);
    private final AtomicInteger handed = new AtomicInteger();
    /** For the summary's "Why:" when no broker-side cause is known. */
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    /** Set and read under this object's lock; the watch reads it without. */
    volatile boolean summaryPrinted;
    private volatile String cause;
    /** Runs {@link #checkBrokers} from the producer's attaching until the notice or the summary is out. */
    private volatile Timer watch;
    /** True once the notice said that no broker answers: Ctrl-C then gives up what is in flight at once. */
    volatile boolean brokersGone;
    // the notice's own state, on the watch's thread: since when no connection and no outcome, and the last check
    private long quietSince;
    private int toldAtQuiet;
    private boolean connectedAtLastCheck;
    /** The producer's connection-count metric, set by the reporter; -1 when unknown. */
    volatile DoubleSupplier connections = () -> -1;
    /** Called on the stage's thread before each send, with how many were handed before it (--fault uses it). */
    volatile IntConsumer beforeSend = n -> { };
    private volatile long lastHandedAt = System.nanoTime();
    private volatile boolean timedOutConnected;
    /** Ctrl-C ends the run from its own thread: acknowledgements after the summary wait for the JVM's end. */
    private volatile boolean frozen;
    volatile long deliveryTimeoutMs = 120_000;
    private volatile long maxBlockMs = 60_000;

    private Outcomes(int expected) {
        this.expected = expected;
    }

    static Outcomes arm(int messages) {
        return ARMED.updateAndGet(previous -> new Outcomes(messages));
    }

    /** The armed outcomes, or null; the interceptor's configure() makes them the run's, the only ones summarized. */
    static Outcomes attach(Map<String, ?> configs) {
        Outcomes outcomes = ARMED.get();
        if (outcomes != null && configs.containsKey(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)) {
            Properties settings = new Properties();
            configs.entrySet().stream().filter(e -> e.getValue() != null).forEach(e -> settings.put(e.getKey(),
                    e.getValue()));
            outcomes.deliveryTimeoutMs = ClientConfigCheck.longInForce(settings,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
            outcomes.maxBlockMs = ClientConfigCheck.longInForce(settings, ProducerConfig.MAX_BLOCK_MS_CONFIG);
            if (CURRENT.getAndSet(outcomes) != outcomes) {
                outcomes.watch = new Timer("run-contract-broker-watch", true); // a daemon: never keeps a run alive
                outcomes.watch.schedule(new TimerTask() {
                    @Override
                    public void run() {
                        outcomes.checkBrokers();
                    }
                }, CHECK_MS, CHECK_MS);
            }
        }
        return outcomes;
    }

    /** Null when the stage has not created its producer (yet). */
    static Outcomes current() {
        return CURRENT.get();
    }

    /** Forgets the run's outcomes (a test that runs several stages in one JVM calls it between them). */
    static void reset() {
        ARMED.set(null);
        Optional.ofNullable(CURRENT.getAndSet(null)).ifPresent(Outcomes::stopWatch);
    }

    void handing() {
        beforeSend.accept(handed.get());
        handed.incrementAndGet();
        lastHandedAt = System.nanoTime();
    }

    void acknowledged(RecordMetadata metadata, Exception exception) {
        while (frozen) {
            LockSupport.park(this); // the summary is out: nothing of the run's may follow it
        }
        if (exception instanceof InterruptException || exception instanceof IllegalStateException) {
            handed.decrementAndGet(); // send() threw it: interrupted, or the producer was closed; never taken
            return;
        }
        if (exception instanceof TimeoutException && connectionCount() > 0) {
            timedOutConnected = true;
        }
        Outcome outcome = Outcome.of(metadata, exception);
        if (outcome == Outcome.FAILED) {
            firstFailure.compareAndSet(null, exception);
        }
        counts.incrementAndGet(outcome.ordinal());
    }

    private int count(Outcome outcome) {
        return counts.get(outcome.ordinal());
    }

    /** How many outcomes are known: it grows while the producer makes progress. */
    int told() {
        return count(Outcome.DELIVERED) + count(Outcome.FAILED) + count(Outcome.UNKNOWN);
    }

    /** Handed to the producer, no callback yet. */
    int pending() {
        return Math.max(0, handed.get() - told());
    }

    double connectionCount() {
        return connections.getAsDouble();
    }

    /**
     * The brokers-gone notice: says once what a run with every broker gone waits for, how long at most, and that
     * Ctrl-C ends it now (else a run whose only broker was killed is silent for delivery.timeout.ms, 2 min). Its
     * signal, never seen in a healthy run: messages in flight, no connection and no outcome for {@value #QUIET_MS} ms.
     */
    private void checkBrokers() {
        long now = System.nanoTime();
        int pending = pending(); // a send blocked for the cluster counts: it was handed, no outcome yet
        // connection-count also counts a connection being made: while the broker is down, each reconnect attempt
        // shows for a moment, so only two checks in a row with a connection end the quiet
        boolean connected = connectionCount() != 0;
        boolean stillConnected = connected && connectedAtLastCheck;
        connectedAtLastCheck = connected;
        if (pending == 0 || stillConnected || summaryPrinted) {
            quietSince = 0;
            return;
        }
        int told = told();
        if (quietSince == 0 || told != toldAtQuiet) {
            quietSince = now; // quiet starts now: no connection, and no outcome since
            toldAtQuiet = told;
            return;
        }
        if (TimeUnit.NANOSECONDS.toMillis(now - quietSince) >= QUIET_MS) {
            brokersGone = true;
            // a message's batch expires delivery.timeout.ms after it was created, at the latest after the last
            // send; a send blocked for the cluster's metadata gives up after max.block.ms
            long deadline = lastHandedAt + TimeUnit.MILLISECONDS.toNanos(Math.max(deliveryTimeoutMs, maxBlockMs));
            long left = Math.max(1, (TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 999) / 1000);
            LoggerFactory.getLogger(Outcomes.class).warn(String.format(Locale.ROOT, "No broker has answered for %d "
                    + "s: the run waits for %s in flight (each is given up delivery.timeout.ms = %d ms after it was "
                    + "sent), at most %d s more. Press Ctrl-C to end it now.", QUIET_MS / 1000, pending == 1
                    ? "the message" : "the " + pending + " messages", deliveryTimeoutMs, left));
            stopWatch();
        }
    }

    /** Asks {@code finder} for a broker-side cause (e.g. a full disk) when messages timed out, a broker connected. */
    void seekBrokerCause(Supplier<String> finder) {
        if (timedOutConnected && !brokersGone) {
            try {
                cause = finder.get();
            } catch (RuntimeException e) {
                // the diagnosis is a bonus: it never changes how the run ends
            }
        }
    }

    /** Ctrl-C's end of the run: acknowledgements after this wait, so no line follows the summary. */
    void freeze() {
        frozen = true;
    }

    /** "Delivered 3, failed 1, unknown 1, not sent 2 of 7 messages.": messages without a callback yet are unknown. */
    public String summary() {
        int delivered = count(Outcome.DELIVERED);
        if (delivered == expected) {
            return "Delivered " + delivered + " of " + expected + " messages.";
        }
        int unknown = count(Outcome.UNKNOWN) + pending();
        String text = "Delivered " + delivered + part("failed", count(Outcome.FAILED)) + part("unknown", unknown)
                + part("not sent", Math.max(0, expected - handed.get())) + " of " + expected + " messages.";
        if (unknown > 0) {
            text += " Unknown: the client gave up waiting after the message may have reached the broker; "
                    + "it may be in the topic.";
        }
        String why = cause;
        Exception failure = firstFailure.get();
        // a broker's refusal (not authorized, too large, ...) names itself; a retriable error or a timeout says
        // only that the client gave up
        if (why == null && failure instanceof ApiException && !(failure instanceof RetriableException)) {
            why = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        return why == null ? text : text + " Why: " + why;
    }

    private static String part(String name, int n) {
        return n > 0 ? ", " + name + " " + n : "";
    }

    public int exitCode() {
        return count(Outcome.DELIVERED) == expected ? ExitCode.OK : ExitCode.FAILED;
    }

    /** Logs the summary once per run, whoever asks. The logger is created late: stage 04 configures logging first. */
    synchronized void logSummary() {
        if (!summaryPrinted) {
            summaryPrinted = true;
            stopWatch();
            LoggerFactory.getLogger(Outcomes.class).info(summary());
        }
    }

    /** Runs {@code say} unless the summary is out (nothing may follow it); true when it ran. */
    synchronized boolean unlessSummarized(Runnable say) {
        if (summaryPrinted) {
            return false;
        }
        say.run();
        return true;
    }

    private void stopWatch() {
        Optional.ofNullable(watch).ifPresent(Timer::cancel);
    }
}
