package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.code.TranscoderUtil;
import org.junit.jupiter.api.Test;

/**
 * Each picture in docs/diagrams is the one its PlantUML source draws: each source is drawn here (a source PlantUML
 * cannot read fails), and the committed SVG carries the source it was drawn from (PlantUML writes it in, encoded),
 * so an edited source beside an old picture fails too. The pixels are not compared: they depend on the machine's
 * fonts. {@code ./mvnw -q -pl 01-high-level-producer -am test -Dtest=PicturesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.redraw=true} draws the pictures again from their sources.
 */
class PicturesTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
    private static final Path DIAGRAMS = ROOT.resolve("docs/diagrams");
    private static final Pattern EMBEDDED_SOURCE = Pattern.compile("<\\?plantuml-src (\\S+)\\?>");
    private static final List<String> PAGES_WITH_A_PICTURE = List.of("00-primer.md", "01-high-level-producer.md",
            "02-polling-delivery-reports.md", "03-error-monitoring.md", "04-debug-logging.md", "05-flush.md");

    @Test
    void shouldShowEachDiagramAsItsCurrentSourceDrawsIt() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(DIAGRAMS)) {
            sources = files.filter(f -> f.toString().endsWith(".puml")).sorted().toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            String text = Files.readString(source);
            Path svg = source.resolveSibling(source.getFileName().toString().replace(".puml", ".svg"));
            byte[] drawn = draw(source, text); // PlantUML reads the source without an error
            if (Boolean.getBoolean("docs.redraw")) {
                Files.write(svg, drawn);
            }

            assertThat(svg).as("the picture of %s", source).exists();
            Matcher embedded = EMBEDDED_SOURCE.matcher(Files.readString(svg, StandardCharsets.UTF_8));
            assertThat(embedded.find()).as("%s names its source", svg).isTrue();
            assertThat(TranscoderUtil.getDefaultTranscoder().decode(embedded.group(1)).strip())
                    .as("%s was drawn from the current %s (draw it again: -Ddocs.redraw=true)", svg, source)
                    .isEqualTo(text.strip());
        }
    }

    /** Draws the diagram as SVG; a source PlantUML cannot read fails instead of drawing its error picture. */
    private static byte[] draw(Path source, String text) throws IOException {
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        String description = new SourceStringReader(text).outputImage(svg, new FileFormatOption(FileFormat.SVG))
                .getDescription();
        assertThat(description).as("PlantUML on %s", source).doesNotContainIgnoringCase("error");
        return svg.toByteArray();
    }

    @Test
    void shouldShowAPictureOnThePrimerAndEveryStagePageAndNoPictureNobodyShows() throws IOException {
        List<String> shown = new ArrayList<>();
        for (String page : PAGES_WITH_A_PICTURE) {
            Matcher image = Pattern.compile("!\\[[^\\]]+\\]\\(diagrams/([\\w-]+)\\.svg\\)")
                    .matcher(Files.readString(ROOT.resolve("docs").resolve(page)));
            assertThat(image.find()).as("%s shows a picture from docs/diagrams", page).isTrue();
            do {
                shown.add(image.group(1));
            } while (image.find());
        }
        try (Stream<Path> files = Files.list(DIAGRAMS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".puml"))
                    .map(n -> n.substring(0, n.length() - ".puml".length())))
                    .as("every picture is shown by a page").containsExactlyInAnyOrderElementsOf(
                            shown.stream().distinct().toList());
        }
    }
}
