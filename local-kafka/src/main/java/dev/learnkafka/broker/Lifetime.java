package dev.learnkafka.broker;

/**
 * How long a started broker runs: until the JVM shuts down ({@link UntilJvmShutdown}), or, in a test of
 * {@link LocalKafkaMain#run}, until the test has looked at it.
 */
interface Lifetime {
    /** Blocks while the broker should keep running. */
    void awaitStopRequest() throws InterruptedException;

    /** Blocks while the broker should keep running, and may stop and start it meanwhile. */
    default void awaitStopRequest(Control control) throws InterruptedException {
        awaitStopRequest();
    }

    /** What a lifetime may do to the running broker meanwhile. */
    interface Control {
        void stopBroker();

        void startBroker();
    }
}
