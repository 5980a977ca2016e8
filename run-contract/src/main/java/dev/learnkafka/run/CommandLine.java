package dev.learnkafka.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.IParamLabelRenderer;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A program's options, so each stage's main reads like the blog's code: declared at run time by builder calls
 * ({@link Run#options} declares {@code --messages}, a stage adds its own), parsed by picocli. Options take a value
 * ({@code --messages 10} or {@code --messages=10}); {@code --help} (or {@code -h}) is always there, and picocli
 * writes the usage from the declarations. A number option declares its range, which {@code --help} shows and
 * {@link #intValue(String)} checks after parsing. Every mistake is a {@link UsageException} of one line.
 */
public final class CommandLine {
    private static final int USAGE_WIDTH = 120;
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
     * A value given apart from its option must not look like an option: {@code --messages --poll-interval-ms 5}
     * forgot the value, whether this program has {@code --poll-interval-ms} or not (picocli itself refuses only
     * the options it knows). After an equals sign ({@code --name=--x}) a value is taken as given; a negative number
     * ({@code -5}) is a value, which the range check then names.
     */
    private static final IParameterPreprocessor NO_OPTION_AS_VALUE = (args, spec, arg, info) -> {
        if (" ".equals(info.get("separator")) && !args.isEmpty() && args.peek().startsWith("--")) {
            throw new MissingParameterException(spec.commandLine(), arg, "");
        }
        return false;
    };

    /** {@code --messages N} in the usage, as the tutorial writes it (picocli shows its separator: =N). */
    private static final IParamLabelRenderer SPACED_LABEL = new IParamLabelRenderer() {
        @Override
        public Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<IStyle> styles) {
            return Help.defaultColorScheme(ansi).apply(arg.arity().max() == 0 ? "" : " " + arg.paramLabel(), styles);
        }

        @Override
        public String separator() {
            return " ";
        }
    };

    /** {@code min}/{@code max} are null for an option that is not a number. */
    private record Option(String name, String valueName, String description, String defaultValue, Integer min,
                          Integer max) {
        /** The range and the default go on a line of their own in the usage: picocli wraps long lines. */
        OptionSpec spec() {
            List<String> notes = new ArrayList<>();
            if (min != null) {
                notes.add(min + " to " + max);
            }
            if (defaultValue != null) {
                notes.add("default ${DEFAULT-VALUE}");
            }
            String[] lines = notes.isEmpty() ? new String[] {description}
                    : new String[] {description, "(" + String.join(", ", notes) + ")"};
            return OptionSpec.builder(name).paramLabel(valueName).type(min == null ? String.class : Long.class)
                    .description(lines).defaultValue(defaultValue).preprocessor(NO_OPTION_AS_VALUE).build();
        }
    }

    private final String command;
    private final String summary;
    private final Map<String, Option> options = new LinkedHashMap<>();
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
        options.put(name, new Option(name, valueName, description, defaultValue, null, null));
        return this;
    }

    /**
     * Declares {@code --name N}, a whole number from {@code min} to {@code max}; {@code defaultValue} may be null
     * for "not set". {@code --help} shows the range.
     */
    public CommandLine intOption(String name, String valueName, String description, Integer defaultValue, int min,
                                 int max) {
        if (min > max || defaultValue != null && (defaultValue < min || defaultValue > max)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " is not in " + min + " to " + max);
        }
        options.put(name, new Option(name, valueName, description,
                defaultValue == null ? null : defaultValue.toString(), min, max));
        return this;
    }

    /** The declarations as picocli's model, new for each parse: a parse fills its values in. */
    private picocli.CommandLine picocli() {
        CommandSpec spec = CommandSpec.create().name(command);
        spec.parser().expandAtFiles(false).overwrittenOptionsAllowed(true);
        spec.usageMessage().abbreviateSynopsis(true).description(summary).descriptionHeading("%n")
                .optionListHeading("%nOptions:%n").sortOptions(false).width(USAGE_WIDTH).longOptionsMaxWidth(26)
                .footerHeading("%n").footer(ENVIRONMENT_AND_EXIT_CODES);
        options.values().forEach(o -> spec.addOption(o.spec()));
        spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).description("print this help and exit")
                .build());
        return new picocli.CommandLine(spec).setColorScheme(Help.defaultColorScheme(Ansi.OFF))
                .setHelpFactory((commandSpec, colors) -> new Help(commandSpec, colors) {
                    @Override
                    public IParamLabelRenderer parameterLabelRenderer() {
                        return SPACED_LABEL;
                    }
                });
    }

    /**
     * Parses the arguments; an unknown option, a missing value (see {@link #NO_OPTION_AS_VALUE}), a number option
     * given something else than a whole number, or an argument that is no option is a {@link UsageException}.
     * Returns a new instance with the values: the declaration (often a {@code static final OPTIONS}) stays as
     * declared.
     */
    public CommandLine parse(String... args) {
        CommandLine result = new CommandLine(command, summary, parse(picocli(), args));
        result.options.putAll(options);
        return result;
    }

    private ParseResult parse(picocli.CommandLine cli, String... args) {
        try {
            return cli.parseArgs(args);
        } catch (MissingParameterException e) {
            OptionSpec option = (OptionSpec) e.getMissing().get(0);
            throw new UsageException(option.longestName() + " needs a value: " + option.longestName() + " "
                    + option.paramLabel() + ".");
        } catch (UnmatchedArgumentException e) {
            String arg = e.getUnmatched().get(0);
            throw new UsageException((arg.startsWith("-") ? "Unknown option " + arg : "Unexpected argument '" + arg
                    + "': every value goes after its option's name") + " (options: " + optionNames() + ").");
        } catch (ParameterException e) {
            if (e.getArgSpec() instanceof OptionSpec option && options.get(option.longestName()) != null) {
                throw notANumber(options.get(option.longestName()), e.getValue());
            }
            throw new UsageException(e.getMessage() + ".");
        }
    }

    /** True when {@code name} is one of the declared options. */
    public boolean declares(String name) {
        return options.containsKey(name);
    }

    /**
     * Declares stage 03's {@code --fault KIND}: what the run does to its own broker in the middle of the run
     * (see {@code BrokerFault}); the run contract acts on it, the lesson never sees it.
     */
    public CommandLine faultOption() {
        return option("--fault", "KIND", "none, stop or restart: stop this run's own embedded broker before message "
                + "N/2+1 is sent (restart: and start it again, same port and data)", "none");
    }

    public boolean helpRequested() {
        return parsed().isUsageHelpRequested();
    }

    /** The value given, else the default, else null. */
    public String value(String name) {
        option(name);
        Object value = parsed().commandSpec().findOption(name).getValue();
        return value == null ? null : value.toString();
    }

    /** Checks every number option given or defaulted against its declared range: a bad one is exit 2 at once. */
    public CommandLine checkNumbers() {
        for (Option o : options.values()) {
            if (o.min() != null && value(o.name()) != null) {
                intValue(o.name());
            }
        }
        return this;
    }

    /** A number option declared with {@link #intOption}: its value, checked against its declared range. */
    public int intValue(String name) {
        Option option = option(name);
        if (option.min() == null) {
            throw new IllegalArgumentException(name + " was not declared with intOption(...).");
        }
        Long value = parsed().commandSpec().findOption(name).getValue();
        if (value == null) {
            throw notANumber(option, null);
        }
        if (value < option.min() || value > option.max()) {
            throw new UsageException(name + " must be " + (value < option.min() ? "at least " + option.min()
                    : "at most " + option.max()) + ", not " + value + " (allowed: " + option.min() + " to "
                    + option.max() + ").");
        }
        return value.intValue();
    }

    private static UsageException notANumber(Option option, String given) {
        return new UsageException(option.name() + " takes a whole number from " + option.min() + " to "
                + option.max() + ", not '" + given + "'.");
    }

    /** The text {@code --help} prints, written by picocli from the declarations. */
    public String usage() {
        return picocli().getUsageMessage();
    }

    private ParseResult parsed() {
        return parsed != null ? parsed : parse().parsed;
    }

    private Option option(String name) {
        Option option = options.get(name);
        if (option == null) {
            throw new IllegalArgumentException("No option " + name + " was declared.");
        }
        return option;
    }

    private String optionNames() {
        List<String> names = new ArrayList<>(options.keySet());
        names.add("--help");
        return String.join(", ", names);
    }

    /** Wraps a long help text at {@code width} columns (picocli's text table), continuing lines with two spaces. */
    public static String wrap(String text, int width) {
        TextTable table = TextTable.forColumns(Help.defaultColorScheme(Ansi.OFF), new Column(width, 0, Overflow.WRAP));
        table.indentWrappedLines = 2;
        table.addRowValues(text);
        return table.toString().stripTrailing();
    }
}
