package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Needs no broker, only an address where none listens; tagged with the others, since it starts a JVM. */
@KafkaTest
@Exercise(number = 8, title = "a log listener that collects the brokers the client cannot reach",
        page = "08-unreachable-brokers.md")
@Timeout(30)
class Exercise8Test {

    @Test
    void shouldCollectTheAddressTheClientCannotConnectTo(@TempDir Path dir) throws Exception {
        // nothing listens there; below the kernel's range for outgoing connections, so no retry meets itself
        int port = dev.learnkafka.broker.Ports.freePort();
        StageProcess.Result run = StageProcess.run(LoggingExerciseRun.class, Map.of(),
                List.of("-Dexercises=" + System.getProperty("exercises", "solutions")), Duration.ofSeconds(20),
                "unreachable", "localhost:" + port, dir.resolve("client.log").toString());
        List<String> out = run.stdout().lines().toList();
        Runs.rethrowTodo(out);
        check(run.exitCode() == 0, "the run ends normally", "exit code " + run.exitCode() + "\n" + run.stderr(),
                "see the error above: your listener must not throw.");
        List<String> addresses = out.stream().filter(l -> l.startsWith("ADDRESS ")).map(l -> l.substring(8)).toList();
        check(addresses.equals(List.of("localhost:" + port)), "exactly [localhost:" + port + "]",
                addresses.toString(),
                "NetworkClient warns \"Connection to node -1 (localhost/127.0.0.1:" + port + ") could not be"
                        + " established. Node may not be available.\": take the host before the slash and the port.");
    }
}
