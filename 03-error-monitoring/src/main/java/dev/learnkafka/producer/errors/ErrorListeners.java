package dev.learnkafka.producer.errors;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under the hood of {@link ErrorMonitor}: its listeners, and one listener's failure kept from the others. A
 * listener that throws is logged and the event still reaches every other listener; the monitor's thread goes on.
 */
final class ErrorListeners {
    private static final Logger log = LoggerFactory.getLogger(ErrorMonitor.class);

    private final List<Consumer<ErrorEvent>> errors = new CopyOnWriteArrayList<>();
    private final List<Consumer<ErrorEvent>> recoveries = new CopyOnWriteArrayList<>();

    void onError(Consumer<ErrorEvent> listener) {
        errors.add(listener);
    }

    void onRecovery(Consumer<ErrorEvent> listener) {
        recoveries.add(listener);
    }

    /** Hands the event to the recovery listeners when it is {@link ErrorKind#RECOVERED}, else to the error ones. */
    void tell(ErrorEvent event) {
        for (Consumer<ErrorEvent> listener : event.isRecovery() ? recoveries : errors) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("An error listener failed on {}: {}. The other listeners still get it.", event.kind(),
                        e.toString());
            }
        }
    }
}
