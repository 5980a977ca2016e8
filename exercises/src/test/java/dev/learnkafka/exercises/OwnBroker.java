package dev.learnkafka.exercises;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.learnkafka.broker.LocalKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Marks the {@link LocalKafka} parameter of a check that stops its broker (exercises 9 and 10): an embedded broker
 * that no other test uses meanwhile, running when the check gets it. One such broker per test JVM, started when a
 * check first needs it and closed when the JVM's tests end: {@code exercises/check 9} starts one broker as before,
 * and the build's exercises JVM one for both checks instead of one each. The classes that use it hold
 * {@link #LOCK}, so they take turns.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface OwnBroker {
    String LOCK = "dev.learnkafka.exercises.OwnBroker";

    /** Resolves {@link OwnBroker} parameters; register it with {@code @ExtendWith} on the class. */
    final class Resolver implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OwnBroker.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LocalKafka.class && parameter.isAnnotated(OwnBroker.class);
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            LocalKafka kafka = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent("broker", k -> new Closing(LocalKafka.builder().build()), Closing.class)
                    .kafka();
            // the previous check may have left it stopped (exercise 10 does): started again, same address
            return kafka.start();
        }

        /** Closed with the root context, when the JVM's tests end. */
        private record Closing(LocalKafka kafka) implements AutoCloseable {
            @Override
            public void close() {
                kafka.close();
            }
        }
    }
}
