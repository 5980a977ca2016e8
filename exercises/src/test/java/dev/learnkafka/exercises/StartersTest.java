package dev.learnkafka.exercises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quick loop's proof that the workshop is set up: every exercise has a starter, and every method of every
 * starter fails with its TODO (so a learner's first check says "not solved yet", never a NullPointerException).
 * The broker loop (the ExerciseNTest classes) proves every reference solution passes.
 */
class StartersTest {

    @ParameterizedTest
    @ValueSource(classes = {OrderSender.class, PartitionPredictor.class, DeliveryTally.class, OpaqueReports.class,
            SafeSettings.class, ErrorTriage.class, BatchDebug.class, UnreachableBrokers.class, BoundedFlush.class,
            FlushWaves.class, DownstreamKeys.class})
    void shouldFailEveryMethodWithATodo(Class<?> exercise) throws Exception {
        Object starter = Class.forName("dev.learnkafka.exercises.starter.Starter" + exercise.getSimpleName())
                .getDeclaredConstructor().newInstance();
        assertThat(starter).isInstanceOf(exercise);
        List<Method> methods = List.of(exercise.getDeclaredMethods());
        assertThat(methods).isNotEmpty();
        for (Method method : methods) {
            Object[] args = new Object[method.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> type = method.getParameterTypes()[i];
                args[i] = type == int.class ? 1 : null;
            }
            Throwable thrown = catchThrowable(() -> method.invoke(starter, args));
            assertThat(thrown).as(exercise.getSimpleName() + "." + method.getName()).isInstanceOf(InvocationTargetException.class);
            assertThat(thrown.getCause()).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageStartingWith("TODO: exercise ");
        }
    }
}
