package dev.aimon.analysis.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict JSON scanner over the bytes of one record, for {@link EventParser}'s common path: it accepts only plain
 * RFC 8259 JSON written in ASCII and gives up ({@code false}) on anything else, which the contract's deserialiser then
 * reads or rejects. It allocates nothing but the strings it is asked for. Each method starts at the current position
 * and leaves it after what it read.
 */
final class JsonScan {

    /** Powers of ten exactly representable as doubles: Clinger's fast path needs them up to 22. */
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    /** Deeper than this is the deserialiser's to judge (it has its own limit). */
    private static final int MAX_DEPTH = 200;

    byte[] b;
    int i;
    int end;

    /** The contents of the last string read (between its quotes; never escaped, always ASCII). */
    int start;

    int length;

    /** The last number read: whether it was whole, its value as a long (when whole) and as a double. */
    boolean whole;

    long longValue;
    double doubleValue;

    void reset(byte[] bytes, int offset, int count) {
        b = bytes;
        i = offset;
        end = offset + count;
    }

    /** Skips white space; false at the end of the input. */
    boolean ws() {
        while (i < end) {
            byte c = b[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i++;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The byte at the position, after white space; -1 at the end. */
    int peek() {
        return ws() ? b[i] : -1;
    }

    /** Consumes one byte if it is {@code c} (after white space). */
    boolean take(char c) {
        if (ws() && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    /** A string without escapes, in ASCII: its contents in {@link #start} and {@link #length}. */
    boolean string() {
        if (!take('"')) {
            return false;
        }
        start = i;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                length = i - start;
                i++;
                return true;
            }
            if (c < 0x20 || c == '\\') {
                return false; // control characters, escapes, and every non-ASCII byte (negative)
            }
            i++;
        }
        return false;
    }

    /** The last string as a Java string. */
    String text() {
        return new String(b, start, length, StandardCharsets.ISO_8859_1);
    }

    /** Whether the last string's contents equal these bytes. */
    boolean textIs(byte[] bytes) {
        return length == bytes.length && Arrays.equals(b, start, start + length, bytes, 0, length);
    }

    /** A literal ({@code true}, {@code false}, {@code null}) at the position, consumed when it is there. */
    boolean literal(String word) {
        int n = word.length();
        if (end - i < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        if (i + n < end && !delimiter(b[i + n])) {
            return false;
        }
        i += n;
        return true;
    }

    private static boolean delimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Where the number scanned last has its parts ({@link #scanNumber()}). */
    private int numberStart;

    private boolean negative;
    private int intStart;
    private int intEnd;
    private int fracStart;
    private int fracEnd;
    private int exponent;

    /**
     * A number by JSON's grammar, followed by a delimiter. A whole number of at most 18 digits is exact in {@link
     * #longValue}; a fraction is converted to the nearest double (Clinger's exact fast path for up to 15 significant
     * digits and a power of ten up to 22, {@link Double#parseDouble} otherwise: both correctly rounded, as Jackson's
     * parsers are). A whole number of more digits gives up.
     */
    boolean number() {
        if (!scanNumber()) {
            return false;
        }
        if (whole) {
            long v = 0;
            for (int k = intStart; k < intEnd; k++) {
                v = v * 10 + (b[k] - '0');
            }
            longValue = negative ? -v : v;
            doubleValue = longValue;
            return true;
        }
        // The significant digits: the integer part (without its leading zeros) and the fraction.
        long mantissa = 0;
        int digits = 0;
        for (int k = intStart; k < intEnd; k++) {
            if (digits > 0 || b[k] != '0') {
                mantissa = mantissa * 10 + (b[k] - '0');
                digits++;
            }
        }
        int scale = 0;
        if (fracStart >= 0) {
            for (int k = fracStart; k < fracEnd; k++) {
                if (digits > 0 || b[k] != '0') {
                    mantissa = mantissa * 10 + (b[k] - '0');
                    digits++;
                }
                scale++;
                if (digits > 15) {
                    break;
                }
            }
        }
        int e10 = exponent - scale;
        if (digits <= 15 && e10 >= -22 && e10 <= 22) {
            double v = e10 < 0 ? mantissa / POW10[-e10] : mantissa * POW10[e10];
            doubleValue = negative ? -v : v;
        } else {
            doubleValue = Double.parseDouble(new String(b, numberStart, i - numberStart, StandardCharsets.ISO_8859_1));
        }
        return true;
    }

    /**
     * A number's grammar, its parts noted for {@link #number()} but not converted (a skipped value needs no value): it
     * accepts exactly the numbers {@link #number()} accepts.
     */
    private boolean scanNumber() {
        numberStart = i;
        negative = false;
        if (i < end && b[i] == '-') {
            negative = true;
            i++;
        }
        intStart = i;
        if (i >= end || b[i] < '0' || b[i] > '9') {
            return false;
        }
        if (b[i] == '0') {
            i++;
            if (i < end && b[i] >= '0' && b[i] <= '9') {
                return false; // a leading zero
            }
        } else {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        intEnd = i;
        fracStart = -1;
        fracEnd = -1;
        if (i < end && b[i] == '.') {
            i++;
            fracStart = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            fracEnd = i;
            if (fracEnd == fracStart) {
                return false;
            }
        }
        exponent = 0;
        boolean hasExponent = false;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            hasExponent = true;
            i++;
            boolean negativeExponent = false;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int expStart = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == expStart) {
                return false;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i < end && !delimiter(b[i])) {
            return false;
        }
        if (i - numberStart > 100) {
            return false;
        }
        whole = fracStart < 0 && !hasExponent;
        return !whole || intEnd - intStart <= 18;
    }

    /** Skips one value of any kind, checking its grammar. */
    boolean skip() {
        return skip(0);
    }

    private boolean skip(int depth) {
        int c = peek();
        switch (c) {
            case '"' -> {
                return skipString();
            }
            case '{' -> {
                if (depth > MAX_DEPTH) {
                    return false;
                }
                i++;
                if (take('}')) {
                    return true;
                }
                do {
                    if (!skipString() || !take(':') || !skip(depth + 1)) {
                        return false;
                    }
                } while (take(','));
                return take('}');
            }
            case '[' -> {
                if (depth > MAX_DEPTH) {
                    return false;
                }
                i++;
                if (take(']')) {
                    return true;
                }
                do {
                    if (!skip(depth + 1)) {
                        return false;
                    }
                } while (take(','));
                return take(']');
            }
            case 't' -> {
                return literal("true");
            }
            case 'f' -> {
                return literal("false");
            }
            case 'n' -> {
                return literal("null");
            }
            default -> {
                return (c == '-' || (c >= '0' && c <= '9')) && scanNumber();
            }
        }
    }

    /** A string that may hold the escapes JSON allows (ASCII only). */
    private boolean skipString() {
        if (!take('"')) {
            return false;
        }
        while (i < end) {
            byte c = b[i++];
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                if (i >= end) {
                    return false;
                }
                byte e = b[i++];
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        if (i >= end || Character.digit(b[i++], 16) < 0) {
                            return false;
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return false;
                }
            }
        }
        return false;
    }
}
