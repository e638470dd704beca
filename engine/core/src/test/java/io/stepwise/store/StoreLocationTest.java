package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What opening a store by its location shows and creates: never a credential, never a stray file. */
class StoreLocationTest {
    private static final String PASS = "S3cr%2Fet!pw";

    @Test
    void everyCredentialFormOfAJdbcUrlIsMaskedInTheError() {
        List<String> urls = List.of(
                "jdbc:mysql://bob:" + PASS + "@127.0.0.1:1/runs",
                "jdbc:mysql://bob:" + PASS + "@127.0.0.1:1,alice:" + PASS + "x@127.0.0.1:2/runs",
                "jdbc:mysql://127.0.0.1:1/runs?user=bob&password=" + PASS,
                "jdbc:mysql://127.0.0.1:1/runs?user=bob&PASSWORD=" + PASS + "&useSSL=false",
                "jdbc:mysql://127.0.0.1:1/runs?user=bob;password=" + PASS,
                "jdbc:mysql://address=(host=127.0.0.1)(port=1)(user=bob)(password=" + PASS + ")/runs",
                "jdbc:mysql://127.0.0.1:1/runs?user=bob&password1=" + PASS + "&trustCertificateKeyStorePassword=" + PASS,
                "jdbc:mariadb://bob:" + PASS + "@127.0.0.1:1/runs");
        for (String url : urls) {
            if (url.contains(",")) {
                continue; // several hosts: the driver retries for half a minute; JdbcUrlsTest covers their masking
            }
            assertThatThrownBy(() -> RunStores.open(url, Clock.systemUTC())).as(url)
                    .isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASS).doesNotContain("S3cr/et!pw")
                            .contains("127.0.0.1"));
        }
    }

    @Test
    void anUnknownJdbcSchemeIsAnErrorNotAFileNamedAfterIt() throws Exception {
        String url = "jdbc:postgresql://bob:" + PASS + "@127.0.0.1/runs";
        assertThatThrownBy(() -> RunStores.open(url, Clock.systemUTC())).isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql:").hasMessageContaining("jdbc:mysql://")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASS));
        try (var s = Files.list(Path.of(System.getProperty("user.dir")))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("jdbc:"));
        }
    }
}
