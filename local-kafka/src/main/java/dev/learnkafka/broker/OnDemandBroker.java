package dev.learnkafka.broker;

/**
 * The entry point a tutorial stage calls, by reflection, when no broker is configured and none is running:
 * stages never compile against {@code local-kafka} (a reader's app would not), they only find it at runtime.
 */
public final class OnDemandBroker {
    private OnDemandBroker() {
    }

    /**
     * Starts a single-node cluster on {@code localhost:port} (controller on a free port) with one topic.
     *
     * @return what stops the broker and deletes its temporary data
     */
    public static AutoCloseable start(int port, String topic, int partitions) {
        LocalKafka kafka = LocalKafka.builder().port(port).build().start();
        try {
            kafka.createTopic(topic, partitions, 1);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }
}
