package dev.learnkafka.run;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.LoggerFactory;

/**
 * The run contract's promise that no message is lost without a word: every message of the run gets exactly one
 * {@link Outcome}, and the summary's parts add up to N.
 *
 * <p>A stage calls {@link #watch} once, on the producer it creates; {@link StageRunner} prints the summary when
 * the stage ends, however it ends (normally, with an error, or on Ctrl-C). The watched producer also stops taking
 * records once a send has timed out (see {@link WatchedProducer}), so a run whose brokers are all gone ends in
 * about {@code delivery.timeout.ms + max.block.ms}, not one {@code max.block.ms} per message left.
 */
public final class Outcomes {
    private static final AtomicReference<Outcomes> CURRENT = new AtomicReference<>();

    private final int expected;
    private final Map<Outcome, AtomicInteger> counts = new EnumMap<>(Outcome.class);
    private final AtomicInteger handed = new AtomicInteger();
    private volatile WatchedProducer<?, ?> producer;

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
        CURRENT.set(null);
    }

    void handed() {
        handed.incrementAndGet();
    }

    void notHanded() {
        handed.decrementAndGet();
    }

    void count(Outcome outcome) {
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

    /** Handed to the producer, no callback yet. */
    int pending() {
        int told = counts.get(Outcome.DELIVERED).get() + counts.get(Outcome.FAILED).get()
                + counts.get(Outcome.UNKNOWN).get();
        return Math.max(0, handed.get() - told);
    }

    /** Closes the watched producer, waiting at most {@code timeout} for what is in flight (Ctrl-C). */
    void closeProducer(Duration timeout) {
        WatchedProducer<?, ?> p = producer;
        if (p != null) {
            p.close(timeout);
        }
    }

    /**
     * "Delivered 5 of 5 messages." or "Delivered 3, failed 1, unknown 1, not sent 2 of 7 messages." Messages
     * still without a callback when it is printed count as unknown.
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
        return text;
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

    /** Logs the summary (the logger is created here, late: stage 04 configures logging first). */
    void logSummary() {
        LoggerFactory.getLogger(Outcomes.class).info(summary());
    }
}
