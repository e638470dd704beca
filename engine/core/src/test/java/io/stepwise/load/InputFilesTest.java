package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the loader says about files that are not procedures: FIFOs, several tags, bytes that are not UTF-8. */
class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // guards against a hang only
    void aFifoIsRefusedWithoutReadingIt() throws Exception {
        Path fifo = dir.resolve("proc.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Loaded<?> loaded = ProcedureLoader.read(fifo, null);
        assertThat(loaded.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("not a regular file"));
    }

    @Test
    void everyYamlTagIsReported() {
        String text = "procedure: !!str demo\ntitle: !x Demo\nroles: !!map {box: m}\nsteps: []\n";
        Loaded<?> loaded = ProcedureLoader.parse("tags.yaml", text, null);
        assertThat(loaded.errors()).filteredOn(p -> p.message().contains("YAML tag")).extracting(p -> p.mark().line())
                .containsExactly(1, 2, 3);
    }

    @Test
    void aByteThatIsNotUtf8IsReportedWhereItIs() throws Exception {
        Path file = dir.resolve("latin1.yaml");
        String text = "procedure: demo\ntitle: Demo\nroles:\n  box: m\nsteps:\n  - id: a\n    on: box\n    run: echo caf\u00e9\n";
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        Loaded<?> loaded = ProcedureLoader.read(file, null);
        assertThat(loaded.errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("not UTF-8", "0xE9");
            assertThat(p.mark().line()).isEqualTo(8);
            assertThat(p.mark().column()).isEqualTo(18);
        });
    }
}
