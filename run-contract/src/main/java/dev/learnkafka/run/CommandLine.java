package dev.learnkafka.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A very small option parser, so each stage's main reads like the blog's code and not like a CLI framework.
 * Options take a value ({@code --messages 10} or {@code --messages=10}); {@code --help} is always there.
 * A number option declares its range, which {@code --help} shows and {@link #intValue(String)} enforces.
 */
public final class CommandLine {
    private final String command;
    private final String summary;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean help;

    /** {@code min}/{@code max} are null for an option that is not a number. */
    private record Option(String name, String valueName, String description, String defaultValue, Integer min,
                          Integer max) {
        String helpText() {
            List<String> notes = new ArrayList<>();
            if (min != null) {
                notes.add(min + " to " + max);
            }
            if (defaultValue != null) {
                notes.add("default " + defaultValue);
            }
            return description + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
        }
    }

    public CommandLine(String command, String summary) {
        this.command = command;
        this.summary = summary;
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

    /**
     * Parses the arguments; an unknown option or a missing value is a {@link UsageException}. A value that looks
     * like an option ({@code --messages --poll-interval-ms 5}, whether this stage has that option or not) means the
     * value is missing; {@code --name=--x} gives such a value on purpose. Returns a
     * new instance with the values: the declaration (often a {@code static final OPTIONS}) stays as declared.
     */
    public CommandLine parse(String... args) {
        CommandLine parsed = new CommandLine(command, summary);
        parsed.options.putAll(options);
        parsed.parseInto(args);
        return parsed;
    }

    private void parseInto(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (isHelp(arg)) {
                help = true;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!options.containsKey(name)) {
                throw new UsageException("Unknown option " + arg + " (options: " + optionNames() + ").");
            }
            if (value == null) {
                if (i + 1 >= args.length || isOptionName(args[i + 1])) {
                    throw new UsageException(name + " needs a value: " + name + " " + options.get(name).valueName()
                            + ".");
                }
                value = args[++i];
            }
            values.put(name, value);
        }
    }

    public boolean helpRequested() {
        return help;
    }

    /** The value given, else the default, else null. */
    public String value(String name) {
        Option option = option(name);
        return values.getOrDefault(name, option.defaultValue());
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
        return intValue(name, option.min(), option.max());
    }

    /** An integer option that must be from {@code min} to {@code max}. */
    public int intValue(String name, int min, int max) {
        String raw = value(name);
        long parsed;
        try {
            parsed = Long.parseLong(raw.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new UsageException(name + " takes a whole number from " + min + " to " + max + ", not '" + raw
                    + "'.");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException(name + " must be " + (parsed < min ? "at least " + min : "at most " + max)
                    + ", not " + parsed + " (allowed: " + min + " to " + max + ").");
        }
        return (int) parsed;
    }

    /** The text {@code --help} prints. */
    public String usage() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: ").append(command).append(" [options]\n\n").append(summary).append("\n\nOptions:\n");
        List<String[]> rows = new ArrayList<>();
        for (Option o : options.values()) {
            rows.add(new String[] {o.name() + " " + o.valueName(), o.helpText()});
        }
        rows.add(new String[] {"--help", "print this help and exit"});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10) + 2;
        for (String[] row : rows) {
            text.append("  ").append(String.format("%-" + width + "s", row[0])).append(row[1]).append('\n');
        }
        text.append("\nEnvironment:\n")
            .append("  KAFKA_BOOTSTRAP_SERVERS  brokers to use (default localhost:9092; when unset and nothing\n")
            .append("                           listens there, an embedded broker is started for this run)\n")
            .append("  KAFKA_TOPIC              topic to write to (default first_topic)\n")
            .append("  KAFKA_CLIENT_CONFIG      a .properties file merged into the client config (security, tuning);\n")
            .append("                           its bootstrap.servers counts only when KAFKA_BOOTSTRAP_SERVERS is\n")
            .append("                           unset\n")
            .append("\nExit codes: 0 every message delivered, 1 a delivery failed or no broker, 2 bad usage or config,\n")
            .append("            130 interrupted by Ctrl-C (SIGINT) or SIGTERM, after the summary.\n");
        return text.toString();
    }

    private Option option(String name) {
        Option option = options.get(name);
        if (option == null) {
            throw new IllegalArgumentException("No option " + name + " was declared.");
        }
        return option;
    }

    /**
     * Any {@code --word} counts, not only this stage's options: {@code --messages --poll-interval-ms 5} on a stage
     * without {@code --poll-interval-ms} is a forgotten value, not "Unknown option 5". A negative number
     * ({@code -5}) is a value, which the range check then names.
     */
    private static boolean isOptionName(String arg) {
        return arg.startsWith("--") || isHelp(arg);
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private String optionNames() {
        List<String> names = new ArrayList<>(options.keySet());
        names.add("--help");
        return String.join(", ", names);
    }

    /** Wraps a long help text at {@code width} columns, continuing lines with two spaces. */
    public static String wrap(String text, int width) {
        StringBuilder wrapped = new StringBuilder();
        int lineLength = 0;
        for (String word : text.split(" ")) {
            if (lineLength > 0 && lineLength + word.length() + 1 > width) {
                wrapped.append("\n  ");
                lineLength = 2;
            } else if (lineLength > 0) {
                wrapped.append(' ');
                lineLength++;
            }
            wrapped.append(word);
            lineLength += word.length();
        }
        return wrapped.toString();
    }
}
