package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static CommandLine cli() {
        return new CommandLine("stage", "Does a thing.")
                .intOption("--messages", "N", "how many", 5, 1, 1000)
                .intOption("--poll-interval-ms", "MS", "how often", 1000, 0, 60_000)
                .option("--name", "TEXT", "what to call it", null);
    }

    @Test
    void shouldUseTheDefaultWhenAnOptionIsNotGiven() {
        assertThat(cli().parse().intValue("--messages")).isEqualTo(5);
    }

    @Test
    void shouldTakeValuesWithASpaceOrAnEqualsSign() {
        assertThat(cli().parse("--messages", "7").intValue("--messages")).isEqualTo(7);
        assertThat(cli().parse("--messages=8").intValue("--messages")).isEqualTo(8);
    }

    @Test
    void shouldRejectUnknownOptionsMissingValuesAndBadNumbers() {
        assertThatThrownBy(() -> cli().parse("--nope")).isInstanceOf(UsageException.class)
                .hasMessageContaining("Unknown option --nope").hasMessageContaining("--messages");
        assertThatThrownBy(() -> cli().parse("--messages")).isInstanceOf(UsageException.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> cli().parse("--messages", "x").intValue("--messages"))
                .isInstanceOf(UsageException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> cli().parse("--messages", "0").intValue("--messages"))
                .isInstanceOf(UsageException.class).hasMessageContaining("at least 1");
    }

    @Test
    void shouldRejectANumberAboveTheOptionsMaximumNamingTheOptionAndTheRange() {
        assertThatThrownBy(() -> cli().parse("--poll-interval-ms", "2147483647").intValue("--poll-interval-ms"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--poll-interval-ms must be at most 60000, not 2147483647 (allowed: 0 to 60000).");
        // beyond int: still the range, not "not a whole number"
        assertThatThrownBy(() -> cli().parse("--messages", "99999999999").intValue("--messages"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--messages must be at most 1000");
        assertThat(cli().parse("--poll-interval-ms", "60000").intValue("--poll-interval-ms")).isEqualTo(60_000);
    }

    @Test
    void shouldSayAValueIsMissingWhenTheNextArgumentIsAnotherOption() {
        assertThatThrownBy(() -> cli().parse("--messages", "--poll-interval-ms", "5"))
                .isInstanceOf(UsageException.class).hasMessage("--messages needs a value: --messages N.");
        assertThatThrownBy(() -> cli().parse("--name", "--messages=3"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--name needs a value");
        assertThatThrownBy(() -> cli().parse("--name", "--help"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--name needs a value");
        // an option this stage does not have is still an option, not the value (stage 01 has no poll interval)
        assertThatThrownBy(() -> cli().parse("--messages", "--not-an-option", "5"))
                .isInstanceOf(UsageException.class).hasMessage("--messages needs a value: --messages N.");
        assertThatThrownBy(() -> cli().parse("--name", "--not-an-option"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--name needs a value");
        // such a value, on purpose, goes after an equals sign; a negative number is a value (out of range)
        assertThat(cli().parse("--name=--not-an-option").value("--name")).isEqualTo("--not-an-option");
        assertThatThrownBy(() -> cli().parse("--messages", "-5").intValue("--messages"))
                .isInstanceOf(UsageException.class).hasMessageContaining("at least 1");
    }

    @Test
    void shouldListEveryOptionWithItsRangeAndDefaultInTheHelp() {
        CommandLine cli = cli().parse("--help");
        assertThat(cli.helpRequested()).isTrue();
        // the range and the default on a line of their own under the description: picocli wraps a long line
        assertThat(cli.usage()).startsWith("Usage: stage").contains("Does a thing.", "--messages N",
                "--poll-interval-ms MS", "how many\n", "(1 to 1000, default 5)\n", "(0 to 60000, default 1000)\n",
                "what to call it\n", "-h, --help", "KAFKA_TOPIC");
        assertThat(cli().parse("-h").helpRequested()).isTrue();
        assertThat(cli().parse().helpRequested()).isFalse();
        // every exit code a run can end with, SIGTERM's included
        assertThat(cli.usage()).contains("Exit codes: 0 every message delivered", "2 bad usage or config",
                "130 interrupted by Ctrl-C (SIGINT) or SIGTERM");
    }

    @Test
    void shouldRejectAnArgumentThatIsNoOptionNamingIt() {
        assertThatThrownBy(() -> cli().parse("--messages", "3", "extra")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Unexpected argument 'extra'").hasMessageContaining("--messages");
    }

    @Test
    void shouldTakeTheLastValueOfAnOptionGivenTwice() {
        assertThat(cli().parse("--messages", "3", "--messages=4").intValue("--messages")).isEqualTo(4);
    }

    @Test
    void shouldGiveTheValueOfAnOptionThatIsNoNumberAsGivenAndNullWhenNotSet() {
        assertThat(cli().parse("--name", "-x").value("--name")).isEqualTo("-x");
        assertThat(cli().parse().value("--name")).isNull();
        assertThat(cli().value("--poll-interval-ms")).as("the declaration: the default").isEqualTo("1000");
    }

    @Test
    void shouldFindABadNumberWhenParsing() {
        assertThatThrownBy(() -> cli().parse("--poll-interval-ms", "-1"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--poll-interval-ms must be at least 0");
    }

    @Test
    void shouldWrapALongTextContinuingWithTwoSpaces() {
        assertThat(CommandLine.wrap("alpha beta gamma delta epsilon", 12))
                .isEqualTo("alpha beta\n  gamma\n  delta\n  epsilon");
        assertThat(CommandLine.wrap("short", 12)).isEqualTo("short");
    }

    @Test
    void shouldRefuseADefaultOutsideItsOwnRange() {
        assertThatThrownBy(() -> new CommandLine("stage", "x").intOption("--n", "N", "n", 0, 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldLeaveTheDeclarationAsDeclaredWhenParsing() {
        CommandLine declared = cli();
        assertThat(declared.parse("--messages", "7").intValue("--messages")).isEqualTo(7);
        assertThat(declared.parse().intValue("--messages")).isEqualTo(5);
    }
}
