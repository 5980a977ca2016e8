package dev.learnkafka.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A program's options, declared by builder calls so each stage's main reads like the blog's code, parsed by
 * picocli, which also writes the {@code --help} usage. Every mistake is a {@link UsageException} of one line.
 */
public final class CommandLine {
    private static final String ENVIRONMENT_AND_EXIT_CODES = """
            Environment:
              KAFKA_BOOTSTRAP_SERVERS  brokers to use (default localhost:9092; when unset and nothing
                                       listens there, an embedded broker is started for this run)
              KAFKA_TOPIC              topic to write to (default first_topic)
              KAFKA_CLIENT_CONFIG      a .properties file merged into the client config (security, tuning);
                                       its bootstrap.servers counts only when KAFKA_BOOTSTRAP_SERVERS is
                                       unset

            Exit codes: 0 every message delivered, 1 a delivery failed or no broker, 2 bad usage or config,
                        130 interrupted by Ctrl-C (SIGINT) or SIGTERM, after the summary.""";

    /**
     * {@code --messages --poll-interval-ms 5} forgot the value, whether this program has that option or not (picocli
     * refuses only the options it knows); {@code --name=--x} is taken as given, {@code -5} is a value.
     */
    private static final IParameterPreprocessor NO_OPTION_AS_VALUE = (args, spec, arg, info) -> {
        if (" ".equals(info.get("separator")) && !args.isEmpty() && args.peek().startsWith("--")) {
            throw new MissingParameterException(spec.commandLine(), arg, "");
        }
        return false;
    };

    private final String command;
    private final String summary;
    /** Built again for each parse, which fills its values in: a declaration is shared by every run. */
    private final Map<String, OptionSpec.Builder> options = new LinkedHashMap<>();
    /** Null while declaring: then values are the defaults. */
    private final ParseResult parsed;

    public CommandLine(String command, String summary) {
        this(command, summary, null);
    }

    private CommandLine(String command, String summary, ParseResult parsed) {
        this.command = command;
        this.summary = summary;
        this.parsed = parsed;
    }

    /** Declares {@code --name VALUE}; {@code defaultValue} may be null for "not set". */
    public CommandLine option(String name, String valueName, String description, String defaultValue) {
        return add(name, valueName, defaultValue == null ? new String[] {description}
                : new String[] {description, "(default ${DEFAULT-VALUE})"}, defaultValue);
    }

    /** Declares {@code --name N} from {@code min} to {@code max}, which {@code --help} shows and the parse checks. */
    public CommandLine intOption(String name, String valueName, String description, Integer defaultValue, int min,
                                 int max) {
        if (min > max || defaultValue != null && (defaultValue < min || defaultValue > max)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " is not in " + min + " to " + max);
        }
        // the range and the default go on a line of their own in the usage: picocli wraps long lines
        add(name, valueName, new String[] {description, "(" + min + " to " + max
                + (defaultValue == null ? ")" : ", default ${DEFAULT-VALUE})")}, Objects.toString(defaultValue, null));
        options.get(name).type(Integer.class).converters(given -> {
            try {
                long value = Long.parseLong(given);
                if (value >= min && value <= max) {
                    return (int) value;
                }
                throw new UsageException(name + " must be " + (value < min ? "at least " + min : "at most " + max)
                        + ", not " + value + " (allowed: " + min + " to " + max + ").");
            } catch (NumberFormatException e) {
                throw new UsageException(name + " takes a whole number from " + min + " to " + max + ", not '"
                        + given + "'.");
            }
        });
        return this;
    }

    private CommandLine add(String name, String valueName, String[] description, String defaultValue) {
        options.put(name, OptionSpec.builder(name).paramLabel(valueName).type(String.class).description(description)
                .defaultValue(defaultValue).preprocessor(NO_OPTION_AS_VALUE));
        return this;
    }

    /** Declares stage 03's {@code --fault KIND} ({@link BrokerFault}): the contract acts on it, not the lesson. */
    public CommandLine faultOption() {
        return option("--fault", "KIND", "none, stop or restart: stop this run's own embedded broker before message "
                + "N/2+1 is sent (restart: and start it again, same port and data)", "none");
    }

    private picocli.CommandLine picocli() {
        CommandSpec spec = CommandSpec.create().name(command);
        spec.parser().expandAtFiles(false).overwrittenOptionsAllowed(true);
        spec.usageMessage().abbreviateSynopsis(true).description(summary).descriptionHeading("%n")
                .optionListHeading("%nOptions:%n").sortOptions(false).width(120).longOptionsMaxWidth(26)
                .footerHeading("%n").footer(ENVIRONMENT_AND_EXIT_CODES);
        options.values().forEach(o -> spec.addOption(o.build()));
        spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).description("print this help and exit")
                .build());
        return new picocli.CommandLine(spec);
    }

    /** A new instance with the values: the declaration (often a {@code static final OPTIONS}) stays as declared. */
    public CommandLine parse(String... args) {
        CommandLine result = new CommandLine(command, summary, parseArgs(args));
        result.options.putAll(options);
        return result;
    }

    private ParseResult parseArgs(String... args) {
        try {
            return picocli().parseArgs(args);
        } catch (MissingParameterException e) {
            OptionSpec option = (OptionSpec) e.getMissing().get(0);
            throw new UsageException(option.longestName() + " needs a value: " + option.longestName() + " "
                    + option.paramLabel() + ".");
        } catch (UnmatchedArgumentException e) {
            String arg = e.getUnmatched().get(0);
            throw new UsageException((arg.startsWith("-") ? "Unknown option " + arg : "Unexpected argument '" + arg
                    + "': every value goes after its option's name") + " (options: "
                    + String.join(", ", options.keySet()) + ", --help).");
        } catch (ParameterException e) {
            // a number out of its range, or no number: the converter's own sentence
            throw e.getCause() instanceof UsageException usage ? usage : new UsageException(e.getMessage() + ".");
        }
    }

    public boolean declares(String name) {
        return options.containsKey(name);
    }

    public boolean helpRequested() {
        return result().isUsageHelpRequested();
    }

    /** The value given, else the default, else null. */
    public String value(String name) {
        return Objects.toString(result().commandSpec().findOption(name).getValue(), null);
    }

    public int intValue(String name) {
        return result().commandSpec().findOption(name).getValue();
    }

    public String usage() {
        // parsed, a value goes after a space or an equals sign; the usage says --messages N as the tutorial writes
        // it (picocli's own: --messages=N)
        return picocli().setSeparator(" ").setColorScheme(Help.defaultColorScheme(Ansi.OFF)).getUsageMessage();
    }

    private ParseResult result() {
        return parsed != null ? parsed : parseArgs();
    }

    /** Wraps a long help text at {@code width} columns (picocli's text table), continuing lines with two spaces. */
    public static String wrap(String text, int width) {
        Help.TextTable table = Help.TextTable.forColumns(Help.defaultColorScheme(Ansi.OFF),
                new Help.Column(width, 0, Help.Column.Overflow.WRAP));
        table.indentWrappedLines = 2;
        table.addRowValues(text);
        return table.toString().stripTrailing();
    }
}
