package dev.learnkafka.exercises;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks the test class of one exercise: {@link ExerciseExtension} turns a starter's TODO into "not solved yet",
 * prefixes every failure with the exercise, and prints one line when every check of the class passed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ExerciseExtension.class)
public @interface Exercise {
    int number();

    String title();

    /** The page under docs/exercises/, e.g. {@code 03-delivery-tally.md}. */
    String page();
}
