package dev.learnkafka.exercises;

/**
 * Exercise 6 (stage 03): an error listener that tells retriable from permanent from fatal. The page:
 * docs/exercises/06-error-triage.md
 */
public interface ErrorTriage {

    /** What the application does about an error. */
    enum Verdict {
        /** A transient condition: sending the same message again later may succeed. */
        RETRIABLE,
        /** This message can never be sent as it is; the producer is fine for other messages. */
        PERMANENT,
        /** This producer cannot go on (credentials, permissions, fencing): stop it and fix the setup. */
        FATAL
    }

    /** The verdict for an exception handed to a send callback (or thrown by {@code send}). */
    Verdict triage(Exception exception);
}
