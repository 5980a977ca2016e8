package dev.learnkafka.exercises.starter;

import dev.learnkafka.exercises.ErrorTriage;

/** Your solution to exercise 6 goes here. */
public class StarterErrorTriage implements ErrorTriage {
    @Override
    public Verdict triage(Exception exception) {
        throw new UnsupportedOperationException("TODO: exercise 6, tell retriable, permanent and fatal errors apart");
    }
}
