package io.stepwise.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;

/** The store's SQL scanner reads statements as jdbi's own ColonPrefixSqlParser does, and splits scripts safely. */
class StoreSqlTest {
    private static final ColonPrefixSqlParser JDBI = new ColonPrefixSqlParser();

    private static ParsedSql ours(String sql) {
        return StoreSql.PARSER.parse(sql, (StatementContext) null);
    }

    private static ParsedSql jdbis(String sql) {
        return JDBI.parse(sql, (StatementContext) null);
    }

    @Test
    void readsTheStoresKindsOfStatementAsJdbiDoes() {
        for (String sql : List.of(
                "SELECT * FROM runs WHERE id = :id",
                "INSERT INTO events (run_id, seq, at, type) VALUES (:id, :seq, :at, :type)",
                "UPDATE leases SET expires_at = :expires WHERE run_id = :run AND token = :token",
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE run_id = :id",
                "SELECT ':not', \"col:umn\" FROM t WHERE a = '?' AND b = :b AND d = :d",
                "SELECT a FROM t WHERE a = ? AND b = ?",
                "SELECT 'it''s :x' FROM t WHERE a::text = :a_1",
                "SELECT GET_LOCK('stepwise_store_migration', 120)")) {
            assertThat(ours(sql)).as(sql).isEqualTo(jdbis(sql));
        }
        ParsedSql p = ours("SELECT 'a:b', '?' FROM t WHERE x = :x AND y = :y");
        assertThat(p.getParameters().getParameterNames()).containsExactly("x", "y");
        assertThat(p.getSql()).isEqualTo("SELECT 'a:b', '?' FROM t WHERE x = ? AND y = ?");
    }

    /** Either the same parse, or both refuse it (named and positional parameters mixed). */
    private static String outcome(java.util.function.Supplier<ParsedSql> parse) {
        try {
            return parse.get().toString();
        } catch (RuntimeException e) {
            return "refused: " + e.getMessage();
        }
    }

    @Test
    void randomStatementsAreReadAsJdbiReadsThem() {
        String[] parts = {"SELECT ", "a", " = ", ":p", ":q_2", "?", "'x:y'", "'it''s'", "\"c:d\"", "-", "-- :n ?\n",
            "::", ", ", "\n", "(", ")", "1", ";", ":", "'?'", "\"\"", "<", "*", "+"};
        Random random = new Random(20261129);
        int compared = 0;
        for (int round = 0; round < 5_000; round++) {
            StringBuilder sql = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                sql.append(parts[random.nextInt(parts.length)]);
            }
            String s = sql.toString();
            String ours = outcome(() -> ours(s));
            if (ours.startsWith("refused: the store's SQL scanner")) { // what it refuses to read: checked above
                continue;
            }
            compared++;
            assertThat(ours).as("%s", s).isEqualTo(outcome(() -> jdbis(s)));
        }
        assertThat(compared).as("statements compared, of 5,000").isGreaterThan(4_000);
    }

    @Test
    void refusesWhatJdbiWouldReadInAWayOfItsOwn() {
        for (String sql : List.of("SELECT 'a\\'b' FROM t", "SELECT a FROM t WHERE b = :p.q", "SELECT a /* :c */ FROM t",
                "SELECT a FROM t WHERE b = :p#", "SELECT a ?? b", "SELECT 'a FROM t WHERE b = :b")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ours(sql)).as(sql)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(sql);
        }
    }

    @Test
    void splitsAScriptAtSemicolonsOutsideStringsIdentifiersAndComments() {
        String script = "-- V9 a title; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT 'a;b'); -- trailing; comment\n"
                + "/* block; */ CREATE INDEX \"i;x\" ON a (x);\n\n-- only a comment;\n";
        assertThat(StoreSql.statements(script)).containsExactly(
                "-- V9 a title; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT 'a;b')",
                "-- trailing; comment\n/* block; */ CREATE INDEX \"i;x\" ON a (x)");
    }

    @Test
    void keepsEachStatementsReadingButNotPastItsLimit() {
        StoreSql parser = new StoreSql();
        String sql = "SELECT * FROM runs WHERE id = :id";
        assertThat(parser.parse(sql, null)).isSameAs(parser.parse(sql, null));
        for (int i = 0; i < 600; i++) {
            parser.parse("SELECT " + i, null);
        }
        String late = "SELECT * FROM runs WHERE state = :state";
        assertThat(parser.parse(late, null)).isNotSameAs(parser.parse(late, null)).isEqualTo(parser.parse(late, null));
    }

    @Test
    void aConfiguredJdbiUsesTheScanner() {
        Jdbi jdbi = StoreSql.configure(Jdbi.create("jdbc:sqlite::memory:"));
        assertThat(jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).getSqlParser()).isSameAs(StoreSql.PARSER);
        String got = jdbi.withHandle(h -> h.createQuery("SELECT :a || '?:b' || :c").bind("a", "x").bind("c", "y")
                .mapTo(String.class).one());
        assertThat(got).isEqualTo("x?:by");
    }
}
