package io.stepwise.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.transport.TransportException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DialectTest {
    @ParameterizedTest
    @CsvSource({
            "10.11.6-MariaDB-0+deb12u1, mariadb",
            "10.3.39-MariaDB, mariadb",
            "11.4.2-MariaDB-ubu2404, mariadb",
            "5.5.5-10.11.6-MariaDB, mariadb",
            "5.7.44-log, mysql-5.7",
            "8.0.21, mysql-5.7",
            "8.0.22, mysql-8.0.22",
            "8.0.23, mysql-8.0.23",
            "8.0.36-28, mysql-8.0.23",
            "8.3.0, mysql-8.0.23",
            "8.4.0, mysql-8.4",
            "8.4.2, mysql-8.4",
            "9.1.0-commercial, mysql-8.4"})
    void picksDialectByVersion(String version, String dialect) throws TransportException {
        assertThat(Dialect.forVersion(version).name()).isEqualTo(dialect);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MariaDB", "eight"})
    void refusesUnparseableVersion(String version) {
        assertThatThrownBy(() -> Dialect.forVersion(version)).isInstanceOf(TransportException.class)
                .hasMessageContaining("MAJOR.MINOR.PATCH");
    }
}
