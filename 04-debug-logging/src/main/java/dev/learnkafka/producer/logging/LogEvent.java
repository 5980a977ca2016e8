package dev.learnkafka.producer.logging;

import java.time.Instant;

import org.slf4j.event.Level;

/**
 * One log line, as an object: what node-rdkafka's {@code event.log} hands its listener
 * ({@code {severity, fac, message}}), with the Java client's logger name in place of librdkafka's facility.
 *
 * @param time    when it was logged
 * @param level   TRACE, DEBUG, INFO, WARN or ERROR
 * @param logger  the logger's name, e.g. {@code org.apache.kafka.clients.NetworkClient}
 * @param thread  the thread that logged it, e.g. {@code kafka-producer-network-thread | demo-producer}
 * @param message the message with its {@code {}} placeholders filled in
 * @param error   the exception logged with it, or null
 */
public record LogEvent(Instant time, Level level, String logger, String thread, String message, Throwable error) {
}
