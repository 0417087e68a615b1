package dev.aimon.stats.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The pieces of aimon's binary state encoding (checkpoints, reference profiles): big-endian primitives as {@link
 * DataOutput} writes them, strings as a length and UTF-8 bytes (-1 for null), arrays as a length and their elements.
 * Readers check every length against a bound, so a corrupt or hostile row fails with an {@link IOException} instead
 * of allocating without limit.
 */
public final class Binary {

    /** The longest string or array a reader accepts. */
    static final int MAX_LENGTH = 64 * 1024 * 1024;

    private Binary() {}

    public static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        byte[] bytes = new byte[length(length)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static byte[] readBytes(DataInput in) throws IOException {
        byte[] bytes = new byte[length(in.readInt())];
        in.readFully(bytes);
        return bytes;
    }

    /** Writes the first {@code size} values. */
    public static void writeDoubles(DataOutput out, double[] values, int size) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(values[i]);
        }
    }

    public static double[] readDoubles(DataInput in) throws IOException {
        double[] values = new double[length(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    /** A length read from the input, checked to be at least 0 and at most {@link #MAX_LENGTH}. */
    public static int length(int length) throws IOException {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException("corrupt state: a length of " + length);
        }
        return length;
    }

    /** Fails unless a tag read from the input is the expected one: the state's sections are tagged. */
    public static void expect(DataInput in, int tag, String what) throws IOException {
        int read = in.readUnsignedByte();
        if (read != tag) {
            throw new IOException("corrupt state: expected " + what + " (tag " + tag + "), read tag " + read);
        }
    }
}
