package dev.learnkafka.run;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 03's {@code --fault}: a real outage from one command, not a line in the lesson. Before message N/2+1 is
 * handed to the producer, the run stops its embedded broker; with {@code restart} it starts it again on the same
 * port and data once the producer has had no broker for {@link #OUTAGE}.
 */
enum BrokerFault {
    NONE, STOP, RESTART;

    /** How long the producer has no connection before the broker comes back: longer than stage 03's 5 s. */
    static final Duration OUTAGE = Duration.ofSeconds(7);
    /** The restart begins at the latest this after the stop: within stage 03's max.block.ms (15 s), so all get sent. */
    private static final Duration LONGEST_OUTAGE = Duration.ofSeconds(10);

    static BrokerFault parse(String value) {
        try {
            return value == null ? NONE : valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--fault must be none, stop or restart, not '" + value + "'.");
        }
    }

    void checkPossible(TutorialBroker broker) {
        if (this != NONE && !broker.isEmbedded()) {
            throw new UsageException("--fault " + name().toLowerCase(Locale.ROOT) + " stops the broker this run "
                    + "starts for itself, but this run uses yours at " + broker.bootstrapServers() + ". Leave out "
                    + "--fault and stop that broker yourself: run with --messages 60 --send-interval-ms 500, press "
                    + "Ctrl-C in the broker's terminal once a few messages are delivered, then start it again "
                    + "(see docs/03-error-monitoring.md).");
        }
    }

    /** Not when the class loads: nothing in the contract logs before stage 04 set logging up. */
    private static Logger log() {
        return LoggerFactory.getLogger(BrokerFault.class);
    }

    void inject(TutorialBroker broker, Outcomes outcomes) {
        log().info("Fault: stopping the embedded broker at {}{}", broker.bootstrapServers(), this == RESTART
                ? "; it starts again once the producer has had no broker for " + OUTAGE.toSeconds() + " s."
                : "; it stays down.");
        broker.stop();
        if (this == RESTART) {
            Thread restarter = new Thread(() -> restartAfterOutage(broker, outcomes), "broker-restart");
            restarter.setDaemon(true);
            restarter.start();
        }
    }

    private static void restartAfterOutage(TutorialBroker broker, Outcomes outcomes) {
        try {
            long restartAt = System.nanoTime() + LONGEST_OUTAGE.toNanos();
            boolean began = false; // the first time the producer has no connection: its outage begins then
            while (restartAt - System.nanoTime() > 0) {
                // seen once: while the broker is down, each reconnect attempt shows as a connection for a moment
                // (connection-count includes a connection being made), which is no end of the outage
                if (!began && outcomes.connectionCount() == 0) {
                    began = true;
                    restartAt = Math.min(restartAt, System.nanoTime() + OUTAGE.toNanos());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            broker.restart();
            log().info("Fault: started the embedded broker at {} again, with the same data.",
                    broker.bootstrapServers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokerUnavailableException e) {
            log().error("Fault: the embedded broker did not start again: {}", e.getMessage());
        } catch (IllegalStateException e) {
            log().debug("No restart: {}", e.getMessage()); // the run ended first
        }
    }
}
