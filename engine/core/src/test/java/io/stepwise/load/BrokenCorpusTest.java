package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Inventory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden broken files: each has one defect and says on its first line where it is and what the message
 * says ({@code # expect: LINE:COL fragment}); an optional {@code # inventory: FILE} line validates it against
 * an inventory from {@code broken/inventories/}.
 */
class BrokenCorpusTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) (.+)");

    static Path dir() throws URISyntaxException {
        return Path.of(BrokenCorpusTest.class.getResource("/broken").toURI());
    }

    static Stream<Path> files() throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void corpusHasAtLeastFortyFiles() throws Exception {
        assertThat(files().count()).isGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void reportsTheDefectAtItsLineAndColumn(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Matcher m = EXPECT.matcher(lines.get(0));
        assertThat(m.matches()).as("first line of %s must be '# expect: LINE:COL message'", file).isTrue();
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        String fragment = m.group(3).strip();
        Inventory inventory = null;
        if (lines.size() > 1 && lines.get(1).startsWith("# inventory: ")) {
            inventory = InventoryLoader.load(dir().resolve("inventories").resolve(lines.get(1).substring(13).strip()));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Loaded<?> loaded = FileKind.ofText(text) == FileKind.INVENTORY ? InventoryLoader.parse(file.toString(), text)
                : ProcedureLoader.parse(file.toString(), text, inventory);
        assertThat(loaded.problems()).as("problems of %s", file.getFileName()).isNotEmpty();
        assertThat(loaded.problems())
                .as("%s: expected a problem at %d:%d containing \"%s\"", file.getFileName(), line, column, fragment)
                .anySatisfy(p -> {
                    assertThat(p.message()).contains(fragment);
                    assertThat(p.mark().line()).isEqualTo(line);
                    assertThat(p.mark().column()).isEqualTo(column);
                    assertThat(p.mark().file()).isEqualTo(file.toString());
                });
        if (!file.getFileName().toString().startsWith("lint-") && !file.getFileName().toString().contains("literal-password")) {
            assertThat(loaded.value()).as("a file with errors has no value").isNull();
            assertThat(loaded.errors()).isNotEmpty();
        } else {
            assertThat(loaded.errors()).as("lint files only have warnings").isEmpty();
        }
    }
}
