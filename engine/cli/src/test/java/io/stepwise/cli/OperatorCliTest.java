package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise operator}: a token shown once and kept only as a hash; list and remove. */
class OperatorCliTest {
    @TempDir
    Path dir;


    @Test
    void addPrintsTheTokenOnceAndTheStoreHoldsOnlyItsHash() throws Exception {
        String store = dir.resolve("runs.db").toString();
        Cli.Result added = Cli.inProcess("operator", "add", "alice", "--approver", "--store", store);
        assertThat(added.exit()).isEqualTo(0);
        String token = added.out().lines().filter(l -> l.startsWith("sw_")).findFirst().orElseThrow();
        assertThat(token).hasSizeGreaterThan(40);
        assertThat(Cli.inProcess("operator", "add", "bob", "--store", store).exit()).isEqualTo(0);

        byte[] file = Files.readAllBytes(Path.of(store));
        String wal = Files.exists(Path.of(store + "-wal")) ? Files.readString(Path.of(store + "-wal"),
                StandardCharsets.ISO_8859_1) : "";
        assertThat(new String(file, StandardCharsets.ISO_8859_1) + wal).doesNotContain(token.substring(3));

        Cli.Result list = Cli.inProcess("operator", "list", "--store", store);
        assertThat(list.out()).containsPattern("alice +approver").containsPattern("bob +viewer");
        assertThat(list.out()).doesNotContain("sw_");

        Cli.Result again = Cli.inProcess("operator", "add", "alice", "--store", store);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("operator alice exists already");

        assertThat(Cli.inProcess("operator", "remove", "bob", "--store", store).exit()).isEqualTo(0);
        assertThat(Cli.inProcess("operator", "list", "--store", store).out()).doesNotContain("bob");
        Cli.Result gone = Cli.inProcess("operator", "remove", "bob", "--store", store);
        assertThat(gone.exit()).isEqualTo(2);
        assertThat(gone.err()).contains("no operator bob");
    }

    @Test
    void aBadNameIsRefusedWithTheRule() {
        Cli.Result r = Cli.inProcess("operator", "add", "<script>", "--store", dir.resolve("runs.db").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("use 1 to 64 letters");
    }
}
