package dev.learnkafka.broker;

/**
 * How long a started broker runs: until the JVM shuts down ({@link UntilJvmShutdown}), or, in a test of
 * {@link LocalKafkaMain#run}, until the test has looked at it.
 */
interface Lifetime {
    void awaitStopRequest() throws InterruptedException;

    /** Blocks while the broker should keep running; may stop and start it meanwhile. */
    default void awaitStopRequest(Control control) throws InterruptedException {
        awaitStopRequest();
    }

    interface Control {
        void stopBroker();

        void startBroker();
    }
}
