package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise operator}: a token shown once and kept only as a hash; list and remove. */
class OperatorCliTest {
    @TempDir
    Path dir;

    private String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void addPrintsTheTokenOnceAndTheStoreHoldsOnlyItsHash() throws Exception {
        String store = dir.resolve("runs.db").toString();
        String[] added = cli("operator", "add", "alice", "--approver", "--store", store);
        assertThat(added[0]).isEqualTo("0");
        String token = added[1].lines().filter(l -> l.startsWith("sw_")).findFirst().orElseThrow();
        assertThat(token).hasSizeGreaterThan(40);
        assertThat(cli("operator", "add", "bob", "--store", store)[0]).isEqualTo("0");

        byte[] file = Files.readAllBytes(Path.of(store));
        String wal = Files.exists(Path.of(store + "-wal")) ? Files.readString(Path.of(store + "-wal"),
                StandardCharsets.ISO_8859_1) : "";
        assertThat(new String(file, StandardCharsets.ISO_8859_1) + wal).doesNotContain(token.substring(3));

        String[] list = cli("operator", "list", "--store", store);
        assertThat(list[1]).containsPattern("alice +approver").containsPattern("bob +viewer");
        assertThat(list[1]).doesNotContain("sw_");

        String[] again = cli("operator", "add", "alice", "--store", store);
        assertThat(again[0]).isEqualTo("2");
        assertThat(again[2]).contains("operator alice exists already");

        assertThat(cli("operator", "remove", "bob", "--store", store)[0]).isEqualTo("0");
        assertThat(cli("operator", "list", "--store", store)[1]).doesNotContain("bob");
        String[] gone = cli("operator", "remove", "bob", "--store", store);
        assertThat(gone[0]).isEqualTo("2");
        assertThat(gone[2]).contains("no operator bob");
    }

    @Test
    void aBadNameIsRefusedWithTheRule() {
        String[] r = cli("operator", "add", "<script>", "--store", dir.resolve("runs.db").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("use 1 to 64 letters");
    }
}
