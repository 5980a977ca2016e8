package dev.learnkafka.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link dev.learnkafka.broker.LocalKafka} test parameter: the test gets an embedded cluster of its own,
 * started before and closed after the test, that it may stop and restart (fault tests). It is always embedded,
 * whatever broker the other tests share, because a test can only stop a broker it owns.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface PrivateBroker {
    /** Number of nodes; 3 for replication tests. */
    int brokers() default 1;

    /** Broker settings as {@code key=value}, e.g. {@code "auto.create.topics.enable=false"}. */
    String[] config() default {};
}
