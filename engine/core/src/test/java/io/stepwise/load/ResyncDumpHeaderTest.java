package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Procedure;
import io.stepwise.model.Step;
import io.stepwise.text.Template;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * secondary-resync's dump-arrived step, as shipped, run with bash on a dump's two ends as each mysqldump writes
 * them: it finds the coordinates in MariaDB's and older MySQL's header (CHANGE MASTER TO MASTER_LOG_FILE) and in
 * MySQL 8.0.26+'s (CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE), and captures them.
 */
class ResyncDumpHeaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"CHANGE MASTER TO MASTER_LOG_FILE='bin.000042', MASTER_LOG_POS=154",
        "CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE='binlog.000042', SOURCE_LOG_POS=154"})
    void theCoordinatesAreFoundInEitherHeader(String statement) throws Exception {
        Procedure p = ProcedureLoader.read(Repo.root().resolve("procedures/secondary-resync.yaml"), null).orThrow();
        Step step = p.step("dump-arrived").orElseThrow();
        Files.writeString(dir.resolve("master_db.sql"), "-- MySQL dump 10.13\n--\n-- Position to start replication\n--\n\n-- "
                + statement + ";\n\nINSERT INTO t VALUES (1);\n-- Dump completed on 2026-11-29 19:00:00\n");
        String command = Template.shell(((Action.Shell) step.action()).command(),
                n -> n.equals("dump_dir") ? dir.toString() : null);
        Process bash = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(out).isZero();
        Map<String, String> capture = step.capture();
        Matcher file = Pattern.compile(capture.get("binlog_file")).matcher(out);
        Matcher pos = Pattern.compile(capture.get("binlog_pos")).matcher(out);
        assertThat(file.find()).as(out).isTrue();
        assertThat(file.group(1)).endsWith(".000042");
        assertThat(pos.find()).isTrue();
        assertThat(pos.group(1)).isEqualTo("154");
    }
}
