package io.stepwise.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every form a JDBC URL's credential may take is masked (StoreLocationTest shows it in the store's errors). */
class JdbcUrlsTest {
    private static final String PASS = "S3cr%2Fet!pw";

    @Test
    void everyCredentialFormOfAJdbcUrlIsMasked() {
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
            assertThat(JdbcUrls.masked(url)).as(url).doesNotContain(PASS).doesNotContain("S3cr/et!pw").contains("****")
                    .contains("127.0.0.1");
        }
    }
}
