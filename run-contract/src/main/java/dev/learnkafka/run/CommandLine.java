package dev.learnkafka.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A very small option parser, so each stage's main reads like the blog's code and not like a CLI framework.
 * Options take a value ({@code --messages 10} or {@code --messages=10}); {@code --help} is always there.
 */
public final class CommandLine {
    private final String command;
    private final String summary;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean help;

    private record Option(String name, String valueName, String description, String defaultValue) {
    }

    public CommandLine(String command, String summary) {
        this.command = command;
        this.summary = summary;
    }

    /** Declares {@code --name VALUE}; {@code defaultValue} may be null for "not set". */
    public CommandLine option(String name, String valueName, String description, String defaultValue) {
        options.put(name, new Option(name, valueName, description, defaultValue));
        return this;
    }

    /** Parses the arguments; an unknown option or a missing value is a {@link UsageException}. */
    public CommandLine parse(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
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
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value: " + name + " " + options.get(name).valueName());
                }
                value = args[++i];
            }
            values.put(name, value);
        }
        return this;
    }

    public boolean helpRequested() {
        return help;
    }

    /** The value given, else the default, else null. */
    public String value(String name) {
        Option option = option(name);
        return values.getOrDefault(name, option.defaultValue());
    }

    /** An integer option that must be at least {@code min}. */
    public int intValue(String name, int min) {
        String raw = value(name);
        int parsed;
        try {
            parsed = Integer.parseInt(raw.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new UsageException(name + " takes a whole number, not '" + raw + "'.");
        }
        if (parsed < min) {
            throw new UsageException(name + " must be at least " + min + ", not " + parsed + ".");
        }
        return parsed;
    }

    /** The text {@code --help} prints. */
    public String usage() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: ").append(command).append(" [options]\n\n").append(summary).append("\n\nOptions:\n");
        List<String[]> rows = new ArrayList<>();
        for (Option o : options.values()) {
            rows.add(new String[] {o.name() + " " + o.valueName(),
                o.description() + (o.defaultValue() == null ? "" : " (default " + o.defaultValue() + ")")});
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
            .append("  KAFKA_CLIENT_CONFIG      a .properties file merged into the client config (security, tuning)\n")
            .append("\nExit codes: 0 every message delivered, 1 a delivery failed or no broker, 2 bad usage or config.\n");
        return text.toString();
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
}
