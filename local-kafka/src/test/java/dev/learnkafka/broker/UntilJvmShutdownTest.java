package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The broker's lifetime under {@code --controlled-by-stdin}: commands on standard input, and its end. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UntilJvmShutdownTest {
    @Test
    void shouldStopAndStartTheBrokerOnCommandAndEndWhenStandardInputEnds() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        var lifetime = new UntilJvmShutdown();
        try {
            lifetime.listenTo(new ByteArrayInputStream("stop\nstart\nbogus\nstop\n"
                    .getBytes(StandardCharsets.UTF_8)));

            lifetime.awaitStopRequest(new Lifetime.Control() {
                @Override
                public void stopBroker() {
                    calls.add("stop");
                }

                @Override
                public void startBroker() {
                    calls.add("start");
                }
            });
        } finally {
            lifetime.stopped();
        }
        // returned: the end of the input is the end of the broker's life
        assertThat(calls).containsExactly("stop", "start", "stop");
    }
}
