package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.testing.MariaDb;
import io.stepwise.testing.PrivateServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SQL steps on a private MariaDB: bound values, captures by column, row expectations, waits. */
class SqlStepsTest {
    @PrivateServer private static MariaDb db;

    @BeforeAll
    static void start() {
        db.sql("CREATE DATABASE app", "CREATE TABLE app.t (v VARCHAR(200))");
    }

    private static Action sql(String text) {
        return new Action.Sql(text, null, text.startsWith("SELECT"));
    }

    private static Expect row(Map<String, String> row) {
        return new Expect(List.of(0), null, null, row, null);
    }

    @Test
    void valuesAreBoundCapturesNameAColumnAndRowsAreChecked() throws Exception {
        db.sql("DELETE FROM app.t");
        Fixture f = new Fixture().dbHost("db", "h1", db.port());
        f.params.put("val", "it's'); DROP TABLE t; --");
        Runner.Result r = f.run(f.plan(
                StepBuilder.of("server-id", sql("SELECT @@server_id AS id")).capture("sid", "id")
                        .expect(row(Map.of("id", "/^[0-9]+$/"))).build(),
                StepBuilder.of("insert", sql("INSERT INTO t (v) VALUES ({{val}})")).build(),
                StepBuilder.of("count", sql("SELECT v FROM t WHERE v = {{val}}"))
                        .expect(new Expect(List.of(0), null, null, Map.of(), 1)).build(),
                StepBuilder.of("use-capture", sql("SELECT {{sid}} AS again")).expect(row(Map.of("again", "1")))
                        .build()));
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(db.sql("SELECT v FROM app.t")).containsExactly(Map.of("v", "it's'); DROP TABLE t; --"));
        assertThat(f.ledger().captures()).containsEntry("sid", "1");
        assertThat(f.screenText.toString()).contains("[h1] id=1");
    }

    @Test
    void aRowThatDoesNotMatchFailsWithBothValues() throws Exception {
        Fixture f = new Fixture().dbHost("db", "h1", db.port());
        Runner.Result r = f.run(f.plan(StepBuilder.of("ro", sql("SELECT @@read_only AS ro"))
                .expect(row(Map.of("ro", "1"))).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("expected ro=1, got ro=0");
        assertThat(f.state("ro", "h1")).isEqualTo(StepState.FAILED);
    }

    @Test
    void aWaitPollsAQueryUntilItsRowMatches() throws Exception {
        db.sql("DELETE FROM app.t");
        Fixture f = new Fixture().dbHost("db", "h1", db.port());
        f.ticker = new Ticker() {
            @Override
            public long nanoTime() {
                return f.time.nanoTime();
            }

            @Override
            public void sleep(Duration d) {
                f.time.sleep(d);
                if (f.time.sleeps().size() == 2) {
                    db.sql("INSERT INTO app.t VALUES ('arrived')");
                }
            }
        };
        Action wait = new Action.Wait(sql("SELECT COUNT(*) AS n FROM t"), row(Map.of("n", "1")),
                Duration.ofSeconds(5), Duration.ofMinutes(5));
        Runner.Result r = f.run(f.plan(StepBuilder.of("arrived", wait).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(f.time.sleeps()).hasSize(2);
        assertThat(f.screenText.toString()).contains("check 1: not yet: expected n=1, got n=0", "check 3: condition holds");
    }

    @Test
    void aBadStatementFailsTheStepWithTheServersMessage() throws Exception {
        Fixture f = new Fixture().dbHost("db", "h1", db.port());
        Runner.Result r = f.run(f.plan(StepBuilder.of("bad", sql("SELEC 1")).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).containsIgnoringCase("syntax");
    }

    @Test
    void aWaitTimeoutBoundsAHangingQuery() throws Exception {
        Fixture f = new Fixture().dbHost("db", "h1", db.port());
        f.clock = java.time.Clock.systemUTC();
        f.ticker = Ticker.SYSTEM;
        Action wait = new Action.Wait(sql("SELECT SLEEP(300) AS s"), row(Map.of("s", "1")), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        Runner.Result r = f.run(f.plan(StepBuilder.of("hang", wait).build()));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("still not true after 2s");
    }
}
