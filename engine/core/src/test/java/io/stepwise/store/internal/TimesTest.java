package io.stepwise.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Times#format} writes what the formatter writes, for every instant; {@link Times#parse} reads it back. */
class TimesTest {
    private static List<Instant> edges() {
        List<Instant> out = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.ofEpochSecond(-1, 999_999_999), Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(-1),
                Instant.parse("2026-11-29T07:43:58.123456789Z"), Instant.parse("2000-02-29T23:59:59.999999999Z"),
                Instant.parse("1900-02-28T12:00:00Z"), Instant.parse("2100-03-01T00:00:00.000000001Z")));
        int[] years = {-10_001, -10_000, -9999, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 1582, 1969, 1970, 1999, 2038,
            9998, 9999, 10_000, 10_001, 99_999, 1_000_000};
        for (int y : years) {
            LocalDateTime first = LocalDateTime.of(y, 1, 1, 0, 0);
            for (Instant i : new Instant[] {first.toInstant(ZoneOffset.UTC), first.minusNanos(1).toInstant(ZoneOffset.UTC),
                first.plusNanos(1).toInstant(ZoneOffset.UTC), first.plusYears(1).minusNanos(1).toInstant(ZoneOffset.UTC),
                first.withMonth(2).withDayOfMonth(28).plusHours(23).toInstant(ZoneOffset.UTC)}) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void writesWhatTheFormatterWritesAtTheEdges() {
        for (Instant i : edges()) {
            same(i);
        }
    }

    @Test
    void writesWhatTheFormatterWritesForManyInstants() {
        SplittableRandom random = new SplittableRandom(20261129);
        long day = 86_400;
        for (int n = 0; n < 200_000; n++) {
            long seconds = switch (n % 4) {
                case 0 -> random.nextLong(-62_167_219_200L - 10 * day, 253_402_300_800L + 10 * day); // years -1..10000
                case 1 -> random.nextLong(1_500_000_000L, 2_500_000_000L); // around now
                case 2 -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
                default -> random.nextLong(-day, day); // around the epoch
            };
            int nanos = n % 3 == 0 ? random.nextInt(1_000_000_000) : n % 3 == 1 ? 0 : random.nextInt(1000) * 1_000_000;
            same(Instant.ofEpochSecond(seconds, nanos));
        }
    }

    /** The same text as the formatter's, read back as the same instant; or the same error (years beyond 999999999). */
    private static void same(Instant i) {
        String expected;
        try {
            expected = Times.FORMAT.format(i);
        } catch (java.time.DateTimeException e) {
            assertThatThrownBy(() -> Times.format(i)).as(i.toString()).isInstanceOf(e.getClass())
                    .hasMessage(e.getMessage());
            return;
        }
        assertThat(Times.format(i)).as(i.toString()).isEqualTo(expected);
        assertThat(Times.parse(expected)).isEqualTo(i);
    }

    @Test
    void storedTextSortsAsTime() {
        Instant a = Instant.parse("2026-11-29T09:59:59.999999999Z");
        Instant b = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(Times.format(a)).hasSize(30).isLessThan(Times.format(b));
        assertThat(Times.format(null)).isNull();
        assertThat(Times.parse(null)).isNull();
        assertThat(Times.parse("2026-11-29T07:43:58.000000000Z")).isEqualTo(Instant.parse("2026-11-29T07:43:58Z"));
    }
}
