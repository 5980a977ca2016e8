package dev.learnkafka.producer.errors;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.run.BrokerUnavailableException;
import dev.learnkafka.run.Run;
import dev.learnkafka.run.TutorialBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --fault} option: a real outage from one command. In the middle of the run the stage stops its own
 * embedded broker (a clean shutdown, as Ctrl-C in a broker's terminal); with {@code restart} it starts it again on
 * the same port and data once the listeners have heard that no broker is reachable.
 */
enum BrokerFault {
    NONE, STOP, RESTART;

    private static final Logger log = LoggerFactory.getLogger(BrokerFault.class);
    /** The restart comes after BROKER_UNREACHABLE, or after this long when that event does not come. */
    private static final Duration LONGEST_OUTAGE = ErrorMonitoringDemo.UNREACHABLE_AFTER.multipliedBy(3);

    static BrokerFault parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Run.usageError("--fault must be none, stop or restart, not '" + value + "'.");
        }
    }

    /** Only a broker this run started can be stopped from here: with a broker of yours, stop it yourself. */
    void checkPossible(TutorialBroker broker) {
        if (this != NONE && !broker.isEmbedded()) {
            throw Run.usageError("--fault " + name().toLowerCase(Locale.ROOT) + " stops the broker this run "
                    + "starts for itself, but this run uses yours at " + broker.bootstrapServers() + ". Leave out "
                    + "--fault and stop that broker yourself: run with --messages 60 --send-interval-ms 500, press "
                    + "Ctrl-C in the broker's terminal once a few messages are delivered, then start it again "
                    + "(see docs/03-error-monitoring.md).");
        }
    }

    /** Makes the fault now; with {@link #RESTART} the broker comes back in the background. */
    void inject(TutorialBroker broker, ErrorMonitor monitor) {
        if (this == NONE) {
            return;
        }
        CountDownLatch unreachable = new CountDownLatch(1);
        monitor.onError(event -> {
            if (event.kind() == ErrorKind.BROKER_UNREACHABLE) {
                unreachable.countDown();
            }
        });
        log.info("Fault: stopping the embedded broker at {}{}", broker.bootstrapServers(), this == RESTART
                ? "; it starts again once the listeners hear that no broker is reachable." : "; it stays down.");
        broker.stop();
        if (this == RESTART) {
            Thread restarter = new Thread(() -> restartAfter(unreachable, broker), "broker-restart");
            restarter.setDaemon(true);
            restarter.start();
        }
    }

    private static void restartAfter(CountDownLatch unreachable, TutorialBroker broker) {
        try {
            unreachable.await(LONGEST_OUTAGE.toMillis(), TimeUnit.MILLISECONDS);
            broker.restart();
            log.info("Fault: started the embedded broker at {} again, with the same data.", broker.bootstrapServers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokerUnavailableException e) {
            log.error("Fault: the embedded broker did not start again: {}", e.getMessage());
        } catch (IllegalStateException e) {
            log.debug("No restart: {}", e.getMessage()); // the run ended first
        }
    }
}
