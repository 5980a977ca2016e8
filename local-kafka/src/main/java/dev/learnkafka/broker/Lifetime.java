package dev.learnkafka.broker;

/**
 * How long a started broker runs: until the JVM shuts down ({@link UntilJvmShutdown}), or, in a test of
 * {@link LocalKafkaMain#run}, until the test has looked at it.
 */
interface Lifetime {
    /** Blocks while the broker should keep running; may stop and start it meanwhile. */
    void awaitStopRequest(Control control) throws InterruptedException;

    interface Control {
        void stopBroker();

        void startBroker();
    }
}
