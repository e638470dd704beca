package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.MysqlSettings;
import io.stepwise.model.Ticker;
import io.stepwise.testing.Await;
import io.stepwise.testing.MariaDb;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.SqlClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SQL through a local port forward on the host's SSH session, to a private MariaDB on 127.0.0.1. */
class SshSqlTest {
    @PrivateServer private static Sshd sshd;
    @PrivateServer private static MariaDb db;

    @BeforeAll
    static void start() throws Exception {
        db.sql("CREATE DATABASE xopdb");
        db.sql("CREATE TABLE xopdb.system_parms (name VARCHAR(40) PRIMARY KEY, value VARCHAR(200))");
    }

    @Test
    void queriesGoThroughTheTunnelWithBoundParametersAndAreReused() throws Exception {
        MysqlSettings mysql = new MysqlSettings("root", null, null, db.port(), "xopdb", null);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = c.connect(SshHosts.host("xop-b", SshHosts.settings(sshd), mysql));
            SqlClient sql = conn.sql("xopdb");
            assertThat(sql.execute("INSERT INTO system_parms VALUES (?, ?)", List.of("hostname", "x'; DROP TABLE t; --"))
                    .updateCount()).isEqualTo(1);
            var r = sql.execute("SELECT value, @@port AS port FROM system_parms WHERE name = ?", List.of("hostname"));
            assertThat(r.firstRow()).containsEntry("value", "x'; DROP TABLE t; --")
                    .containsEntry("port", String.valueOf(db.port()));
            String[] forwards = conn.currentSession().getPortForwardingL();
            assertThat(forwards).hasSize(1);
            assertThat(forwards[0]).endsWith(":127.0.0.1:" + db.port()).doesNotStartWith(db.port() + ":");
            assertThat(conn.sql("xopdb")).as("reused").isSameAs(sql);
            assertThat(sql.serverVersion()).contains("MariaDB");
        }
    }

    @Test
    void theTunnelsConnectionAsALoginsFirstChannelIsWatchedAndConnectedAtOnce() throws Exception {
        MysqlSettings mysql = new MysqlSettings("root", null, null, db.port(), "xopdb", null);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = c.connect(SshHosts.host("xop-b", SshHosts.settings(sshd), mysql));
            com.jcraft.jsch.Session s = conn.session();
            SqlClient sql = conn.sql("xopdb");
            // role checks run SQL before any command: the tunnel's connection was the session's first channel open,
            // made (with FirstChannel's messages) when the client was asked for
            assertThat(FirstChannel.opening(s)).as("the first channel open was taken by the tunnel").isNull();
            assertThat(sql.execute("SELECT DATABASE() AS db", List.of()).firstRow()).containsEntry("db", "xopdb");
            assertThat(conn.exec("echo after", Duration.ofSeconds(30), null).exitCode()).isZero();
        }
    }

    @Test
    void directConnectsToTheDatabaseWithoutATunnel() throws Exception {
        MysqlSettings mysql = new MysqlSettings("root", null, "127.0.0.1", db.port(), null, true);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = c.connect(SshHosts.host("xop-b", SshHosts.settings(sshd), mysql));
            assertThat(conn.sql(null).execute("SELECT @@port AS port", List.of()).firstRow())
                    .containsEntry("port", String.valueOf(db.port()));
            assertThat(conn.currentSession()).as("no SSH session is needed for SQL").isNull();
        }
    }

    @Test
    void aNewSessionGetsANewTunnel() throws Exception {
        MysqlSettings mysql = new MysqlSettings("root", null, null, db.port(), null, null);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = c.connect(SshHosts.host("xop-b", SshHosts.settings(sshd), mysql));
            assertThat(conn.sql(null).execute("SELECT 1 AS one", List.of()).firstRow()).containsEntry("one", "1");
            sshd.killConnections();
            Await.until("the client to notice the dropped connection", Duration.ofSeconds(10),
                    () -> !conn.currentSession().isConnected(), () -> "");
            assertThat(conn.sql(null).execute("SELECT 2 AS two", List.of()).firstRow()).containsEntry("two", "2");
        }
    }
}
