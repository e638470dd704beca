package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vendor guide's own commands, pasted verbatim (typographic quotes, an en dash for an option dash,
 * inline passwords, even its INDENTIFIED typo): lint flags each defect at its line and column with the fix.
 */
class GuideDefectsTest {
    static final String PROC = """
            procedure: guide-paste
            title: Commands pasted from the guide
            roles: {primary: p, secondary: s}
            steps:
              - id: create-user
                on: primary
                sql: CREATE USER \u2018repl\u2019@\u2019%\u2019 INDENTIFIED BY \u2018slavepass\u2019;
              - id: grant
                on: primary
                sql: GRANT REPLICATION SLAVE ON *.* TO \u2018repl\u2019@\u2019%\u2019;
              - id: dump
                on: primary
                run: mysqldump \u2013udbadmin xopdb > master_db.sql
              - id: point
                on: secondary
                sql: change master to master_host=\u2019<master_host>\u2019,master_user=\u2019repl\u2019,master_password=\u2019slavepass\u2019
            """;

    @Test
    void everyDefectIsFlaggedWithPlaceAndFix() {
        Loaded<?> l = ProcedureLoader.parse("guide.yaml", PROC, null);
        assertThat(l.errors()).isEmpty();
        List<String> found = l.warnings().stream().map(p -> p.mark().line() + ":" + p.mark().column() + " "
                + p.message().substring(0, p.message().indexOf(':', 6))).toList();
        assertThat(found).contains(
                "7:22 lint: U+2018 '\u2018'", "7:27 lint: U+2019 '\u2019'", "7:29 lint: U+2019 '\u2019'", "7:31 lint: U+2019 '\u2019'",
                "10:44 lint: U+2018 '\u2018'",
                "13:20 lint: U+2013 '\u2013'",
                "16:39 lint: U+2019 '\u2019'");
        assertThat(l.warnings()).anySatisfy(p -> {
            assertThat(p.mark().line()).isEqualTo(7);
            assertThat(p.message()).contains("password written inline in SQL").contains("IDENTIFIED BY {{repl_password}}")
                    .doesNotContain("slavepass");
        });
        assertThat(l.warnings()).anySatisfy(p -> {
            assertThat(p.mark().line()).isEqualTo(16);
            assertThat(p.message()).contains("master_password=\u2019****\u2019").doesNotContain("slavepass");
        });
        assertThat(l.warnings()).filteredOn(p -> p.message().contains("U+2013"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("type '-' (ASCII hyphen)"));
        assertThat(l.warnings()).filteredOn(p -> p.message().contains("typographic quote"))
                .allSatisfy(p -> assertThat(p.message()).contains("use ASCII ' or \""));
    }
}
