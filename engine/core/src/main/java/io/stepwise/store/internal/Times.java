package io.stepwise.store.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as fixed-width UTC text: exact to the nanosecond, sortable, readable in a SQL shell. */
final class Times {
    /** The format of every stored instant, and the reader of all of them. */
    static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long SECONDS_PER_DAY = 86_400;
    /** Years 0000 to 9999 are written by {@link #format} itself; others (a sign, more digits) by {@link #FORMAT}. */
    private static final long FIRST_FAST = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
    private static final long END_FAST = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY;

    private Times() {
    }

    /**
     * {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'} in UTC, as {@link #FORMAT} writes it. Every event a run records
     * formats its time, so the common years are written digit by digit here (the formatter's generic printing was
     * a tenth of the run store's Java time per step in a profile of a 100-step run under C1).
     */
    static String format(Instant instant) {
        if (instant == null) {
            return null;
        }
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST || seconds >= END_FAST) {
            return FORMAT.format(instant);
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        byte[] b = new byte[30];
        digits(b, 0, date.getYear(), 4);
        b[4] = '-';
        digits(b, 5, date.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, date.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, secondOfDay / 3600, 2);
        b[13] = ':';
        digits(b, 14, secondOfDay / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, secondOfDay % 60, 2);
        b[19] = '.';
        digits(b, 20, instant.getNano(), 9);
        b[29] = 'Z';
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** {@code value} (not negative) as exactly {@code width} decimal digits at {@code at}. */
    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    static Instant parse(String text) {
        return text == null ? null : Instant.from(FORMAT.parse(text));
    }
}
