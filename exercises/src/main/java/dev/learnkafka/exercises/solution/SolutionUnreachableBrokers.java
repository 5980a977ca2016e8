package dev.learnkafka.exercises.solution;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.learnkafka.exercises.UnreachableBrokers;
import dev.learnkafka.producer.logging.LogListener;
import org.slf4j.event.Level;

/** Exercise 8, a reference solution: NetworkClient's WARN line names the address in parentheses. */
public class SolutionUnreachableBrokers implements UnreachableBrokers {
    // "Connection to node -1 (localhost/127.0.0.1:9092) could not be established. Node may not be available."
    private static final Pattern NOT_ESTABLISHED =
            Pattern.compile("Connection to node \\S+ \\(([^/\\s]+)/[^:\\s]*:(\\d+)\\) could not be established");

    @Override
    public LogListener listener(Set<String> addresses) {
        return event -> {
            if (event.level() != Level.WARN || !event.logger().endsWith("NetworkClient")) {
                return;
            }
            Matcher m = NOT_ESTABLISHED.matcher(event.message());
            if (m.find()) {
                addresses.add(m.group(1) + ":" + m.group(2));
            }
        };
    }
}
