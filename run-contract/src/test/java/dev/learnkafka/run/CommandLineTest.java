package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static CommandLine cli() {
        return new CommandLine("stage", "Does a thing.").option("--messages", "N", "how many", "5");
    }

    @Test
    void shouldUseTheDefaultWhenAnOptionIsNotGiven() {
        assertThat(cli().parse().intValue("--messages", 1)).isEqualTo(5);
    }

    @Test
    void shouldTakeValuesWithASpaceOrAnEqualsSign() {
        assertThat(cli().parse("--messages", "7").intValue("--messages", 1)).isEqualTo(7);
        assertThat(cli().parse("--messages=8").intValue("--messages", 1)).isEqualTo(8);
    }

    @Test
    void shouldRejectUnknownOptionsMissingValuesAndBadNumbers() {
        assertThatThrownBy(() -> cli().parse("--nope")).isInstanceOf(UsageException.class)
                .hasMessageContaining("Unknown option --nope").hasMessageContaining("--messages");
        assertThatThrownBy(() -> cli().parse("--messages")).isInstanceOf(UsageException.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> cli().parse("--messages", "x").intValue("--messages", 1))
                .isInstanceOf(UsageException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> cli().parse("--messages", "0").intValue("--messages", 1))
                .isInstanceOf(UsageException.class).hasMessageContaining("at least 1");
    }

    @Test
    void shouldListEveryOptionWithItsDefaultInTheHelp() {
        CommandLine cli = cli().parse("--help");
        assertThat(cli.helpRequested()).isTrue();
        assertThat(cli.usage()).contains("--messages N", "how many (default 5)", "--help", "KAFKA_TOPIC");
    }
}
