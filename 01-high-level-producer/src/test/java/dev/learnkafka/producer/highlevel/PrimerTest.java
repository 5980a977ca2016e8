package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The primer (docs/00-primer.md) stays short, and each picture in docs/diagrams is the one its PlantUML source
 * draws: each source is drawn here (a source PlantUML cannot read fails), and the committed SVG carries the source
 * it was drawn from (PlantUML writes it in, encoded), so an edited source beside an old picture fails too; the
 * pixels are not compared, as they depend on the fonts of the machine. {@code -Ddocs.redraw=true} draws the
 * pictures again from their sources.
 */
class PrimerTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
    private static final Path PRIMER = ROOT.resolve("docs/00-primer.md");
    private static final Path DIAGRAMS = ROOT.resolve("docs/diagrams");
    private static final Pattern EMBEDDED_SOURCE = Pattern.compile("<\\?plantuml-src (\\S+)\\?>");

    @Test
    void shouldStayWithinThePrimersBudget() throws IOException {
        String page = Files.readString(PRIMER);

        assertThat(page.lines().count()).as("lines of %s", PRIMER).isLessThanOrEqualTo(120);
        assertThat(page.split("\\s+").length).as("words of %s", PRIMER).isLessThanOrEqualTo(1_600);
    }

    @Test
    void shouldLinkThePrimerFromTheReadmeAndStage01() throws IOException {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("](docs/00-primer.md)");
        assertThat(Files.readString(ROOT.resolve("docs/01-high-level-producer.md"))).contains("](00-primer.md)");
    }

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
}
