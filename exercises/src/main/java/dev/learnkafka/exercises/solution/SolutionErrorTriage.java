package dev.learnkafka.exercises.solution;

import dev.learnkafka.exercises.ErrorTriage;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** Exercise 6, a reference solution: fatal first (they may also look retriable), then the client's own mark. */
public class SolutionErrorTriage implements ErrorTriage {
    @Override
    public Verdict triage(Exception exception) {
        Throwable e = exception;
        // the client sometimes wraps the cause (a KafkaException around it): look at the root of the chain
        while (e.getCause() != null && e.getCause() != e && !(e instanceof RetriableException)) {
            e = e.getCause();
        }
        if (e instanceof AuthenticationException || e instanceof AuthorizationException
                || e instanceof ProducerFencedException || e instanceof UnsupportedVersionException) {
            // not OutOfOrderSequenceException without a transactional.id: the client bumps its epoch and sends on
            return Verdict.FATAL;
        }
        // the Java client marks what is worth trying again: NotEnoughReplicas, NotLeaderOrFollower, Timeout, ...
        return e instanceof RetriableException ? Verdict.RETRIABLE : Verdict.PERMANENT;
    }
}
