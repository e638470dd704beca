package io.stepwise.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.Engine;
import io.stepwise.model.Ticker;
import java.io.FileInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the console listens: loopback by default, TLS required elsewhere, HTTPS served from a key store. */
class ConsoleListenTest {
    @TempDir
    Path dir;

    private Engine engine() throws Exception {
        return Engine.open(dir.resolve("runs.db").toString(), new Engine.Settings(Map.of(),
                new PrintWriter(new StringWriter()), Clock.systemUTC(), Ticker.SYSTEM, true, "t"));
    }

    @Test
    void listenIsParsedAndCheckedWithClearMessages() throws Exception {
        assertThat(Listen.parse("127.0.0.1:8421")).isEqualTo(new Listen("127.0.0.1", 8421));
        assertThat(Listen.parse("[::1]:9000")).isEqualTo(new Listen("::1", 9000));
        assertThat(Listen.parse("127.0.0.1:8421").loopback()).isTrue();
        assertThat(Listen.parse("0.0.0.0:8421").loopback()).isFalse();
        assertThatThrownBy(() -> Listen.parse("8421")).hasMessageContaining("expected HOST:PORT");
        assertThatThrownBy(() -> Listen.parse("localhost:http")).hasMessageContaining("port must be a number");
    }

    @Test
    void aNonLoopbackAddressWithoutTlsIsRefusedBeforeListening() throws Exception {
        try (Engine engine = engine()) {
            assertThatThrownBy(() -> Console.start(engine, new Console.Settings(new Listen("0.0.0.0", 0), dir, null,
                    null, false, Duration.ofHours(1), Clock.systemUTC(), new java.io.PrintWriter(System.err, true))))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("reachable from other machines")
                    .hasMessageContaining("--tls-keystore").hasMessageContaining("--insecure-http");
        }
    }

    @Test
    void withAKeyStoreItServesHttpsWithSecureCookies() throws Exception {
        Path ks = dir.resolve("console.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (Engine engine = engine(); Console console = Console.start(engine, new Console.Settings(
                new Listen("127.0.0.1", 0), dir, ks, "changeit", false, Duration.ofHours(1), Clock.systemUTC(),
                new java.io.PrintWriter(System.err, true)))) {
            assertThat(console.url()).startsWith("https://127.0.0.1:");
            HttpResponse<String> r = HttpClient.newBuilder().sslContext(ssl).build().send(HttpRequest.newBuilder(
                    URI.create(console.url() + "signin")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
            assertThat(r.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).contains("; Secure"));
        }
    }
}
