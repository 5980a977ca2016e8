package dev.learnkafka.producer.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.helpers.Reporter;

/**
 * Where listeners register and where {@link ListeningLogger} hands them each event. Events reach the listeners
 * only while {@link ListeningServiceProvider} is the SLF4J provider (see {@link LoggingSetup}).
 */
public final class LogListeners {
    private static final List<LogListener> LISTENERS = new CopyOnWriteArrayList<>();
    /** Set while this thread is inside a listener: what a listener logs is not handed back to listeners. */
    private static final ThreadLocal<Boolean> DISPATCHING = ThreadLocal.withInitial(() -> false);

    private LogListeners() {
    }

    /** What {@link #register} returns: closing it removes the listener. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    public static Registration register(LogListener listener) {
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    static boolean anyRegistered() {
        return !LISTENERS.isEmpty();
    }

    static void publish(LogEvent event) {
        if (DISPATCHING.get()) {
            return;
        }
        DISPATCHING.set(true);
        try {
            for (LogListener listener : LISTENERS) {
                try {
                    listener.onLog(event);
                } catch (RuntimeException e) {
                    // a broken listener must not break the client's logging; SLF4J's own reporter says so
                    Reporter.error("A log listener failed: " + e, e);
                }
            }
        } finally {
            DISPATCHING.set(false);
        }
    }
}
