package dev.learnkafka.testing;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's summary line, "Delivered 3, failed 1, unknown 1, not sent 2 of 7 messages.", read back into its parts
 * so that a test can check that they add up and match the lines printed before it.
 *
 * @param line the summary as printed (without what follows "messages.")
 */
public record Summary(long delivered, long failed, long unknown, long notSent, long of, String line) {
    private static final Pattern SUMMARY = Pattern.compile("Delivered (\\d+)(?:, failed (\\d+))?"
            + "(?:, unknown (\\d+))?(?:, not sent (\\d+))? of (\\d+) messages\\.");

    /** The first summary in {@code output}; an AssertionError naming the output's end when there is none. */
    public static Summary in(String output) {
        Matcher m = SUMMARY.matcher(output);
        if (!m.find()) {
            throw new AssertionError("no summary line in: ..." + output.substring(Math.max(0, output.length() - 2000)));
        }
        return new Summary(part(m, 1), part(m, 2), part(m, 3), part(m, 4), part(m, 5), m.group());
    }

    /** The summary that is the last line of {@code stdout}, checking it is the only one. */
    public static Summary lastLineOf(String stdout) {
        List<String> lines = stdout.lines().toList();
        long summaries = lines.stream().filter(l -> SUMMARY.matcher(l).find()).count();
        if (summaries != 1) {
            throw new AssertionError(summaries + " summary lines, not one, in: ..."
                    + stdout.substring(Math.max(0, stdout.length() - 2000)));
        }
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (!SUMMARY.matcher(last).find()) {
            throw new AssertionError("the last line is not the summary: " + last);
        }
        return in(last);
    }

    /** Delivered, failed, unknown and not sent together: N when every message has its one outcome. */
    public long total() {
        return delivered + failed + unknown + notSent;
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
