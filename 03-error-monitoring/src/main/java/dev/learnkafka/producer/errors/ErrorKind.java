package dev.learnkafka.producer.errors;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What went wrong, in the terms a reader acts on. Each kind says whether the client retries it by itself
 * ({@link #retriable()}) and whether this producer can go on at all ({@link #fatal()}); a kind that is neither
 * is permanent for the messages it hit and harmless for the others.
 */
public enum ErrorKind {
    // tag::kinds[]
    /** No broker has answered for longer than the monitor's limit while messages wait (metrics). */
    BROKER_UNREACHABLE(true, false),
    /** A connection to a broker closed (metric connection-close-total); the client reconnects by itself. */
    CONNECTION_LOST(true, false),
    /** The client resent batches (metric record-retry-total), e.g. after NOT_LEADER_OR_FOLLOWER. */
    RETRYING(true, false),
    /** A partition's leader moved to another broker (the producer's own metadata). */
    LEADER_CHANGED(true, false),
    /** The broker rejected this client's credentials (metric failed-authentication-total, AuthenticationException). */
    AUTHENTICATION(false, true),
    /** The client may not write to the topic or the cluster (AuthorizationException). */
    AUTHORIZATION(false, true),
    /** The topic does not exist and the broker does not create it (metadata wait ran out, max.block.ms). */
    UNKNOWN_TOPIC(false, false),
    /** send() waited max.block.ms for room in buffer.memory (metric buffer-exhausted-total). */
    BUFFER_EXHAUSTED(true, false),
    /** The record is larger than max.request.size or the broker's message.max.bytes: never sendable. */
    RECORD_TOO_LARGE(false, false),
    /** The key or value could not be serialized: a bug in the application, never sendable. */
    SERIALIZATION(false, false),
    /**
     * The broker cannot write to its disk (KAFKA_STORAGE_ERROR, KafkaStorageException: e.g. the disk is full);
     * the client retries, but only the broker's operator can fix it.
     */
    BROKER_STORAGE(true, false),
    /** Retries ran out of time: delivery.timeout.ms passed before a broker acknowledged the message. */
    DELIVERY_TIMEOUT(true, false),
    /** Any other failed delivery; the cause says which. */
    DELIVERY_FAILED(false, false),
    /** Not an error: a connection that was lost is back. */
    RECOVERED(false, false);
    // end::kinds[]

    private final boolean retriable;
    private final boolean fatal;

    ErrorKind(boolean retriable, boolean fatal) {
        this.retriable = retriable;
        this.fatal = fatal;
    }

    /** The client retries this by itself, within delivery.timeout.ms; the application only needs to know. */
    public boolean retriable() {
        return retriable;
    }

    /** This producer cannot do its work any more (librdkafka's fatal errors): stop and fix the configuration. */
    public boolean fatal() {
        return fatal;
    }

    /**
     * Reported once for each message it hits (a failed delivery, a moved leader); the other kinds are trouble of
     * the whole client and reported once per episode.
     */
    public boolean perMessage() {
        return switch (this) {
            case RECORD_TOO_LARGE, SERIALIZATION, BROKER_STORAGE, DELIVERY_TIMEOUT, DELIVERY_FAILED, LEADER_CHANGED -> true;
            default -> false;
        };
    }

    /**
     * The kind of an exception thrown by {@code send()}/{@code partitionsFor()} or handed to a callback.
     *
     * @param metadataMissing true when the message never got a partition (the metadata wait of send() ran out)
     * @param connected       true when the client has a connection to a broker right now
     */
    // tag::classify[]
    public static ErrorKind of(Throwable e, boolean metadataMissing, boolean connected) {
        if (e instanceof AuthenticationException) {
            return AUTHENTICATION;          // SaslAuthenticationException, SslAuthenticationException, ...
        }
        if (e instanceof AuthorizationException) {
            return AUTHORIZATION;           // TopicAuthorizationException, ClusterAuthorizationException, ...
        }
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
            return RECORD_TOO_LARGE;
        }
        if (e instanceof SerializationException) {
            return SERIALIZATION;
        }
        if (e instanceof BufferExhaustedException) {
            return BUFFER_EXHAUSTED;        // a TimeoutException too, so it is tested first
        }
        if (e instanceof UnknownTopicOrPartitionException || e instanceof InvalidTopicException) {
            return UNKNOWN_TOPIC;
        }
        if (storageError(e)) {
            return BROKER_STORAGE;          // before TimeoutException: an expired batch may carry it as its cause
        }
        if (e instanceof TimeoutException && metadataMissing) {
            // send() waited max.block.ms for the topic's metadata: with a broker answering, the topic is missing
            return connected ? UNKNOWN_TOPIC : BROKER_UNREACHABLE;
        }
        if (e instanceof TimeoutException) {
            return DELIVERY_TIMEOUT;        // the batch expired after delivery.timeout.ms
        }
        if (e instanceof NotLeaderOrFollowerException) {
            return LEADER_CHANGED;
        }
        return e instanceof RetriableException ? DELIVERY_TIMEOUT : DELIVERY_FAILED;
    }
    // end::classify[]

    /**
     * A KafkaStorageException, itself or as a cause. kafka-clients 4.4.0 hands it to the callback when the broker's
     * KAFKA_STORAGE_ERROR answer is the last one before delivery.timeout.ms ran out; a batch that expires while
     * the client waits to retry gets a TimeoutException without a cause instead.
     */
    private static boolean storageError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KafkaStorageException) {
                return true;
            }
        }
        return false;
    }
}
