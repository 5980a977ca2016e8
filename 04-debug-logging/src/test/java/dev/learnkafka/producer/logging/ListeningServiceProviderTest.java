package dev.learnkafka.producer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The provider as an object (this test JVM's SLF4J already runs on slf4j-simple's own provider; the stage's JVM
 * picks this one with slf4j.provider, see DebugLoggingRunTest).
 */
class ListeningServiceProviderTest {

    @Test
    void shouldHandEveryEnabledLineToTheListenerAsAnEvent() {
        var provider = new ListeningServiceProvider();
        provider.initialize();
        Logger logger = provider.getLoggerFactory().getLogger("dev.learnkafka.listener-test");
        List<LogEvent> events = new CopyOnWriteArrayList<>();
        var failure = new IllegalStateException("boom");

        try (var registration = LogListeners.register(events::add)) {
            logger.warn("Partition {} has no leader", 2, failure);
            logger.atInfo().addArgument("value-1").log("Delivered {}");
            logger.trace("not enabled: dev.learnkafka is at INFO in this JVM");
        }
        logger.warn("after the listener was removed");

        assertThat(events).extracting(LogEvent::level, LogEvent::logger, LogEvent::thread, LogEvent::message,
                        LogEvent::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Level.WARN, "dev.learnkafka.listener-test",
                                Thread.currentThread().getName(), "Partition 2 has no leader", failure),
                        org.assertj.core.groups.Tuple.tuple(Level.INFO, "dev.learnkafka.listener-test",
                                Thread.currentThread().getName(), "Delivered value-1", null));
    }

    @Test
    void shouldNotHandAListenerWhatItLogsItself() {
        var provider = new ListeningServiceProvider();
        provider.initialize();
        Logger logger = provider.getLoggerFactory().getLogger("dev.learnkafka.listener-test");
        List<String> seen = new CopyOnWriteArrayList<>();

        try (var registration = LogListeners.register(e -> {
            seen.add(e.message());
            logger.info("echo of {}", e.message());
        })) {
            logger.info("one");
        }

        assertThat(seen).containsExactly("one");
    }
}
