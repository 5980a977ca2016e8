package dev.learnkafka.producer.logging;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A logger that tees: a line that its slf4j-simple logger would print is handed to the log listeners as a
 * {@link LogEvent}, and then printed by slf4j-simple as usual. A level that is off costs what it costs in
 * slf4j-simple: one {@code isDebugEnabled()}.
 */
final class ListeningLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Logger printer;

    ListeningLogger(Logger printer) {
        this.printer = printer;
        this.name = printer.getName();
    }

    @Override
    public boolean isTraceEnabled() {
        return printer.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return printer.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return printer.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return printer.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return printer.isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    /** Called by the SLF4J base class only when the level is enabled. */
    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable error) {
        if (LogListeners.anyRegistered()) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            LogListeners.publish(new LogEvent(Instant.now(), level, name, Thread.currentThread().getName(),
                    message, error));
        }
        LoggingEventBuilder line = printer.atLevel(level).setCause(error);
        if (marker != null) {
            line = line.addMarker(marker);
        }
        if (arguments == null) {
            line.log(pattern);
        } else {
            line.log(pattern, arguments);
        }
    }
}
