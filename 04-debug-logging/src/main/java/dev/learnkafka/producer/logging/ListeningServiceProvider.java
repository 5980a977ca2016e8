package dev.learnkafka.producer.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J 2 provider that wraps slf4j-simple's: every logger it hands out is a {@link ListeningLogger}, which
 * lets slf4j-simple print the line exactly as before and also gives it, as a {@link LogEvent}, to the registered
 * {@link LogListener}s.
 *
 * <p>It is not listed in {@code META-INF/services} (then SLF4J would find two providers and warn); it is chosen
 * by name with the system property {@code slf4j.provider} (SLF4J 2.0.9 and later), which {@link LoggingSetup}
 * sets before the first logger is created.
 */
public final class ListeningServiceProvider implements SLF4JServiceProvider {
    private final SimpleServiceProvider simple = new SimpleServiceProvider();
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory =
            name -> loggers.computeIfAbsent(name, n -> new ListeningLogger(simple.getLoggerFactory().getLogger(n)));
    private static volatile boolean initialized;

    /** SLF4J creates the provider with this constructor. */
    public ListeningServiceProvider() {
    }

    /** True once SLF4J has picked this provider, i.e. log events reach the listeners. */
    public static boolean isActive() {
        return initialized;
    }

    @Override
    public void initialize() {
        // slf4j-simple reads simplelogger.properties and the org.slf4j.simpleLogger.* system properties here
        simple.initialize();
        initialized = true;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return simple.getMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return simple.getMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
        return simple.getRequestedApiVersion();
    }
}
