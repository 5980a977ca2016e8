package dev.learnkafka.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that talks to a real broker: parameters of type {@link KafkaBroker} get the shared one. It carries
 * the {@code broker} tag, so it runs in {@code ./mvnw verify} (failsafe), not in the quick {@code ./mvnw test}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaBrokerExtension.class)
@Tag("broker")
public @interface KafkaTest {
}
