package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every YAML file under procedures/ and examples/ passes the loader and the JSON schema in docs/
 * (inventories against docs/inventory.schema.json); a set of invalid files fails both.
 */
class ShippedFilesTest {
    /** Broken files whose defect a JSON schema can see too (structure, not graph or variables). */
    static final List<String> INVALID = List.of("unknown-step-key", "unknown-top-key", "missing-on", "missing-procedure",
            "retries-not-number", "two-actions", "no-action", "bad-step-id", "empty-steps", "empty-roles", "exit-out-of-range",
            "bad-role-count", "parallel-zero", "list-at-top", "reboot-false", "on-timeout-value", "unknown-key-in-wait",
            "unknown-param-key", "bare-number-duration", "words-duration", "bad-when", "copy-mode", "read-only-on-manual",
            "inventory-ssh-without-address", "inventory-unknown-connection", "inventory-unknown-host-key",
            "inventory-ssh-port-range", "inventory-missing-cluster", "inventory-bad-duration",
            "inventory-bad-proxy-jump");

    static Stream<Path> shipped() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("procedures", "examples")) {
            Path d = Repo.root().resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(out::add);
                }
            }
        }
        return out.stream();
    }

    static Stream<String> invalid() {
        return INVALID.stream();
    }

    @Test
    void theExamplesAreThere() throws IOException {
        assertThat(shipped().map(p -> p.getFileName().toString())).contains("quickstart.yaml", "local.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void shippedFilePassesLoaderAndSchema(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (FileKind.ofText(text) == FileKind.ANSWERS) {
            // a rehearsal's answers, checked against the procedure they name (procedures/NAME.yaml)
            String name = AnswersLoader.read(file, null).orThrow().procedure();
            var procedure = ProcedureLoader.load(Repo.root().resolve("procedures").resolve(name + ".yaml"));
            assertThat(AnswersLoader.read(file, procedure).errors()).as("errors in %s", file).isEmpty();
            return;
        }
        boolean inventory = FileKind.ofText(text) == FileKind.INVENTORY;
        Loaded<?> loaded = inventory ? InventoryLoader.read(file) : ProcedureLoader.read(file, null);
        assertThat(loaded.errors()).as("loader errors in %s", file).isEmpty();
        assertThat(schemaErrors(text, inventory)).as("schema errors in %s", file).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidFileFailsLoaderAndSchema(String name) throws Exception {
        Path file = Path.of(ShippedFilesTest.class.getResource("/broken/" + name + ".yaml").toURI());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        boolean inventory = FileKind.ofText(text) == FileKind.INVENTORY;
        Loaded<?> loaded = inventory ? InventoryLoader.read(file) : ProcedureLoader.read(file, null);
        assertThat(loaded.errors()).as("loader errors in %s", name).isNotEmpty();
        assertThat(schemaErrors(text, inventory)).as("schema errors in %s", name).isNotEmpty();
    }

    static Set<ValidationMessage> schemaErrors(String yaml, boolean inventory) throws IOException, URISyntaxException {
        Object data = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        JsonNode json = new ObjectMapper().valueToTree(data);
        String schemaFile = inventory ? "docs/inventory.schema.json" : "docs/procedure.schema.json";
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Repo.root().resolve(schemaFile), StandardCharsets.UTF_8));
        return schema.validate(json);
    }
}
