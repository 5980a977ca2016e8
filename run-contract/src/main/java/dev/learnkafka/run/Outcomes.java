package dev.learnkafka.run;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.LoggerFactory;

/**
 * The run contract's promise that no message is lost without a word: every message of the run gets exactly one
 * {@link Outcome}, and the summary's parts add up to N.
 *
 * <p>A stage calls {@link #watch} once, on the producer it creates; {@link StageRunner} prints the summary when
 * the stage ends, however it ends (normally, with an error, or on Ctrl-C), once, after the stage has closed its
 * producer: every per-message line the stage prints comes before it. The watched producer also stops taking
 * records once a send has timed out (see {@link WatchedProducer}), so a run whose brokers are all gone ends in
 * about {@code delivery.timeout.ms + max.block.ms}, not one {@code max.block.ms} per message left, and it says
 * once what it waits for (see {@link BrokersGoneNotice}).
 */
public final class Outcomes {
    private static final AtomicReference<Outcomes> CURRENT = new AtomicReference<>();

    private final int expected;
    private final Map<Outcome, AtomicInteger> counts = new EnumMap<>(Outcome.class);
    private final AtomicInteger handed = new AtomicInteger();
    /** The first error of a message that FAILED, for the summary's "Why:" when no broker-side cause is known. */
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicBoolean summaryPrinted = new AtomicBoolean();
    private final AtomicBoolean causeSought = new AtomicBoolean();
    private volatile Supplier<String> brokerCause = () -> null;
    private volatile String cause;
    private volatile WatchedProducer<?, ?> producer;
    private volatile BrokersGoneNotice notice;

    Outcomes(int expected) {
        this.expected = expected;
        for (Outcome o : Outcome.values()) {
            counts.put(o, new AtomicInteger());
        }
    }

    /**
     * Watches the run's producer: counts each message's outcome for the summary, stops sending once the cluster
     * stopped answering, and lets a Ctrl-C close it in bounded time.
     *
     * @param producer the stage's producer; the returned one delegates to it and closes it
     * @param messages how many messages the run means to send (N in the summary)
     */
    public static <K, V> Producer<K, V> watch(Producer<K, V> producer, int messages) {
        Outcomes outcomes = new Outcomes(messages);
        WatchedProducer<K, V> watched = new WatchedProducer<>(producer, outcomes);
        outcomes.producer = watched;
        CURRENT.set(outcomes);
        return watched;
    }

    /** The outcomes of this run, or null when the stage has not created its producer (yet). */
    static Outcomes current() {
        return CURRENT.get();
    }

    /** Forgets the run's outcomes (a test that runs several stages in one JVM calls it between them). */
    static void reset() {
        Outcomes old = CURRENT.getAndSet(null);
        if (old != null) {
            old.stopNotice();
        }
    }

    /** Says once when the run waits for messages in flight with no broker connected (see {@link BrokersGoneNotice}). */
    void noticeWhenBrokersAreGone(long deliveryTimeoutMs, long maxBlockMs) {
        WatchedProducer<?, ?> p = producer;
        if (p != null && notice == null) {
            notice = BrokersGoneNotice.start(p, this, deliveryTimeoutMs, maxBlockMs);
        }
    }

    /**
     * How the run finds a broker-side cause when messages timed out (e.g. a broker whose disk is full answers
     * every write with KAFKA_STORAGE_ERROR until the messages expire): asked at most once, while the broker is
     * still there; returns a sentence, or null when it finds none.
     */
    void findBrokerCauseWith(Supplier<String> finder) {
        brokerCause = finder;
    }

    void handed() {
        handed.incrementAndGet();
    }

    void notHanded() {
        handed.decrementAndGet();
    }

    void count(Outcome outcome, Exception exception) {
        if (outcome == Outcome.FAILED) {
            firstFailure.compareAndSet(null, exception);
        }
        counts.get(outcome).incrementAndGet();
    }

    int count(Outcome outcome, boolean withPending) {
        int n = counts.get(outcome).get();
        if (outcome == Outcome.UNKNOWN && withPending) {
            n += pending();
        }
        if (outcome == Outcome.NOT_SENT) {
            n = Math.max(0, expected - handed.get());
        }
        return n;
    }

    /** How many outcomes are known: a number that grows while the producer makes progress. */
    int told() {
        return counts.get(Outcome.DELIVERED).get() + counts.get(Outcome.FAILED).get()
                + counts.get(Outcome.UNKNOWN).get();
    }

    /** Handed to the producer, no callback yet. */
    int pending() {
        return Math.max(0, handed.get() - told());
    }

    /** True once the notice said that no broker answers: Ctrl-C then gives up what is in flight at once. */
    boolean brokersGone() {
        BrokersGoneNotice n = notice;
        return n != null && n.said();
    }

    /**
     * Looks for a broker-side cause once (see {@link #findBrokerCauseWith}), when messages timed out and a broker
     * is connected: with every broker gone there is nobody to ask, and "did not answer" is the cause.
     */
    void seekBrokerCause(boolean connected) {
        if (!connected || brokersGone() || !causeSought.compareAndSet(false, true)) {
            return;
        }
        try {
            cause = brokerCause.get();
        } catch (RuntimeException e) {
            cause = null; // the diagnosis is a bonus: it never changes how the run ends
        }
    }

    /** The broker-side cause found, else null. */
    String brokerCause() {
        return cause;
    }

    /** Ctrl-C: stop sending, free the stage's thread from its waits, and close the producer within {@code grace}. */
    void interrupt(Thread stageThread, Duration grace) {
        WatchedProducer<?, ?> p = producer;
        if (p == null) {
            stageThread.interrupt();
            return;
        }
        p.interrupt(stageThread, grace);
    }

    /** Closes the watched producer, waiting at most {@code timeout} for what is in flight. */
    void closeProducer(Duration timeout) {
        WatchedProducer<?, ?> p = producer;
        if (p != null) {
            p.close(timeout);
        }
    }

    /**
     * "Delivered 5 of 5 messages." or "Delivered 3, failed 1, unknown 1, not sent 2 of 7 messages." Messages
     * still without a callback when it is printed count as unknown. When the broker said why it did not take
     * them, or a message failed with a broker's error, a "Why:" sentence names it.
     */
    public String summary() {
        int delivered = count(Outcome.DELIVERED, true);
        if (delivered == expected) {
            return "Delivered " + delivered + " of " + expected + " messages.";
        }
        StringJoiner parts = new StringJoiner(", ");
        parts.add("Delivered " + delivered);
        addPart(parts, "failed", count(Outcome.FAILED, true));
        addPart(parts, "unknown", count(Outcome.UNKNOWN, true));
        addPart(parts, "not sent", count(Outcome.NOT_SENT, true));
        String text = parts + " of " + expected + " messages.";
        if (count(Outcome.UNKNOWN, true) > 0) {
            text += " Unknown: the client gave up waiting after the message may have reached the broker; "
                    + "it may be in the topic.";
        }
        String why = why();
        return why == null ? text : text + " Why: " + why;
    }

    private String why() {
        if (cause != null) {
            return cause;
        }
        Exception failure = firstFailure.get();
        // a broker's refusal (not authorized, too large, ...) names itself; a retriable error or a timeout says
        // only that the client gave up
        if (failure instanceof ApiException && !(failure instanceof RetriableException)) {
            return failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        return null;
    }

    private static void addPart(StringJoiner parts, String name, int n) {
        if (n > 0) {
            parts.add(name + " " + n);
        }
    }

    /** {@link ExitCode#OK} when every message was delivered, else {@link ExitCode#FAILED}. */
    public int exitCode() {
        return count(Outcome.DELIVERED, false) == expected ? ExitCode.OK : ExitCode.FAILED;
    }

    /** True once the summary has been printed: nothing of the run's may follow it. */
    boolean summaryPrinted() {
        return summaryPrinted.get();
    }

    /**
     * Logs the summary, once per run whoever asks (the stage's thread at its end, or Ctrl-C's thread when the
     * stage's thread does not end in time). The logger is created here, late: stage 04 configures logging first.
     */
    synchronized void logSummary() {
        if (summaryPrinted.compareAndSet(false, true)) {
            stopNotice();
            LoggerFactory.getLogger(Outcomes.class).info(summary());
        }
    }

    /** Runs {@code say} unless the summary is out (nothing may follow it); true when it ran. */
    synchronized boolean unlessSummarized(Runnable say) {
        if (summaryPrinted.get()) {
            return false;
        }
        say.run();
        return true;
    }

    private void stopNotice() {
        BrokersGoneNotice n = notice;
        if (n != null) {
            n.stop();
        }
    }
}
