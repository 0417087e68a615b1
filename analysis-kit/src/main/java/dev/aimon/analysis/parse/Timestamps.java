package dev.aimon.analysis.parse;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;

/**
 * Reads a timestamp of the form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (a fraction of 1 to 9 digits) from a record's
 * bytes into epoch milliseconds, truncated as {@link java.time.Instant#toEpochMilli} does; any other form is left to
 * the deserialiser ({@link Long#MIN_VALUE}). The last text read and its value are kept: a stream's events often
 * share one. Not thread-safe.
 */
final class Timestamps {

    private final byte[] last = new byte[40];
    private int lastLength = -1;
    private long lastMillis;

    /** The last string the scanner read, as a timestamp; {@link Long#MIN_VALUE} when it is not of the form. */
    long read(JsonScan s) {
        byte[] b = s.b;
        int off = s.start;
        int n = s.length;
        if (n == lastLength && Arrays.equals(b, off, off + n, last, 0, n)) {
            return lastMillis;
        }
        long millis = parse(b, off, n);
        if (millis != Long.MIN_VALUE && n <= last.length) {
            System.arraycopy(b, off, last, 0, n);
            lastLength = n;
            lastMillis = millis;
        }
        return millis;
    }

    /** The epoch milliseconds of the ASCII bytes {@code b[off, off + n)}, or {@link Long#MIN_VALUE}. */
    static long parse(byte[] c, int off, int n) {
        if (n < 20 || n > 30 || c[off + n - 1] != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(c, off, 4);
        int month = digits(c, off + 5, 2);
        int day = digits(c, off + 8, 2);
        int hour = digits(c, off + 11, 2);
        int minute = digits(c, off + 14, 2);
        int second = digits(c, off + 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || c[off + 4] != '-'
                || c[off + 7] != '-'
                || c[off + 10] != 'T'
                || c[off + 13] != ':'
                || c[off + 16] != ':'
                || day > YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        int end = off + n - 1;
        int i = off + 19;
        if (i < end) {
            if (c[i] != '.' || end - i - 1 < 1 || end - i - 1 > 9) {
                return Long.MIN_VALUE;
            }
            for (int k = i + 1; k < end; k++) {
                int d = c[k] - '0';
                if (d < 0 || d > 9) {
                    return Long.MIN_VALUE;
                }
                if (k - i <= 3) {
                    millis = millis * 10 + d;
                }
            }
            for (int k = end - i - 1; k < 3; k++) {
                millis *= 10;
            }
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** The value of {@code count} decimal digits, or -1 when one is not a digit. */
    private static int digits(byte[] c, int off, int count) {
        int v = 0;
        for (int i = 0; i < count; i++) {
            int d = c[off + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
