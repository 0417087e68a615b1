package dev.aimon.stats.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The predictions of one model that wait for a label, oldest first, in primitive columns: per prediction a 128-bit
 * hash of its event id, the key of the window that counted it, whether it was the favourable outcome, its score, and
 * its attribute values as numbers in a small dictionary. About 41 bytes plus 4 per attribute for each waiting
 * prediction (and at most as much again of slack while the columns grow), not an object graph: 100,000 waiting
 * predictions with two attributes take about 5 MB.
 *
 * <p>Ids are matched by their hash: two ids of one model that wait at the same time share a hash with a probability
 * of about n² / 2¹²⁹ (10⁻²⁹ for n = 100,000); such a label would join the other prediction.
 */
public final class PendingLabels {

    static final int FORMAT = 1;
    private static final byte LIVE = 1;
    private static final byte FAVOURABLE = 2;

    private final int attributes;
    private long[] hi = new long[0];
    private long[] lo = new long[0];
    private long[] window = new long[0];
    private double[] score = new double[0];
    private byte[] flags = new byte[0];
    private int[] values = new int[0];
    private int head;
    private int tail;
    private int live;
    /** Open addressing by {@code lo}: position + 1, 0 when empty. */
    private int[] index = new int[0];

    private final Map<String, Integer> dictionary = new HashMap<>();
    private final List<String> words = new ArrayList<>();

    /** What a label finds of its prediction; reused from one match to the next. */
    public static final class Pending {
        private long window;
        private boolean favourable;
        private double score;
        private final String[] attributes;

        Pending(int attributes) {
            this.attributes = new String[attributes];
        }

        /** The key of the window that counted the prediction. */
        public long window() {
            return window;
        }

        /** Whether the prediction was the plan's favourable outcome. */
        public boolean favourable() {
            return favourable;
        }

        /** The prediction's score, NaN when it had none. */
        public double score() {
            return score;
        }

        /** An attribute's value by its slot in the layout, null when the prediction lacked it. */
        public String attribute(int slot) {
            return attributes[slot];
        }
    }

    private final Pending found;

    /** @param attributes the attribute slots of the model's layout */
    public PendingLabels(int attributes) {
        this.attributes = attributes;
        this.found = new Pending(attributes);
    }

    /** How many predictions wait. */
    public int size() {
        return live;
    }

    /** Remembers a prediction; one that waits already under the same id keeps its place and takes the new values. */
    public void put(String eventId, long windowKey, boolean favourable, double value, Observation o) {
        long h = hash(eventId, 0x9E3779B97F4A7C15L);
        long l = hash(eventId, 0xC2B2AE3D27D4EB4FL);
        int at = find(h, l);
        if (at < 0) {
            if (tail == hi.length) {
                makeRoom();
            }
            at = tail++;
            hi[at] = h;
            lo[at] = l;
            live++;
            insert(at);
        }
        window[at] = windowKey;
        score[at] = value;
        flags[at] = (byte) (LIVE | (favourable ? FAVOURABLE : 0));
        for (int a = 0; a < attributes; a++) {
            values[at * attributes + a] = word(o.attribute(a));
        }
    }

    /** Takes the prediction an event id names out of the table; null when none waits. */
    public Pending remove(String eventId) {
        long h = hash(eventId, 0x9E3779B97F4A7C15L);
        long l = hash(eventId, 0xC2B2AE3D27D4EB4FL);
        int at = find(h, l);
        if (at < 0) {
            return null;
        }
        found.window = window[at];
        found.favourable = (flags[at] & FAVOURABLE) != 0;
        found.score = score[at];
        for (int a = 0; a < attributes; a++) {
            int w = values[at * attributes + a];
            found.attributes[a] = w < 0 ? null : words.get(w);
        }
        kill(at);
        return found;
    }

    /**
     * Lets go of the oldest predictions while more than {@code max} wait or while the oldest one's window is no longer
     * held ({@code held} says which window keys are).
     */
    public void expire(int max, LongPredicate held) {
        while (head < tail) {
            if ((flags[head] & LIVE) != 0) {
                if (live <= max && held.test(window[head])) {
                    return;
                }
                kill(head);
            }
            head++;
        }
    }

    private void kill(int at) {
        flags[at] = 0;
        live--;
        delete(at);
    }

    private void makeRoom() {
        int capacity = hi.length;
        if (live > 0 && live <= capacity / 2) {
            compact(capacity);
        } else if (live == 0) {
            head = 0;
            tail = 0;
            if (capacity == 0) {
                resize(16);
            }
        } else {
            compact(Math.max(16, capacity * 2));
        }
    }

    /** Moves the live predictions to the front of columns of the given capacity, and rebuilds the index. */
    private void compact(int capacity) {
        int n = 0;
        long[] nh = new long[capacity];
        long[] nl = new long[capacity];
        long[] nw = new long[capacity];
        double[] ns = new double[capacity];
        byte[] nf = new byte[capacity];
        int[] nv = new int[capacity * attributes];
        for (int i = head; i < tail; i++) {
            if ((flags[i] & LIVE) != 0) {
                nh[n] = hi[i];
                nl[n] = lo[i];
                nw[n] = window[i];
                ns[n] = score[i];
                nf[n] = flags[i];
                System.arraycopy(values, i * attributes, nv, n * attributes, attributes);
                n++;
            }
        }
        hi = nh;
        lo = nl;
        window = nw;
        score = ns;
        flags = nf;
        values = nv;
        head = 0;
        tail = n;
        rebuildIndex();
    }

    private void resize(int capacity) {
        hi = Arrays.copyOf(hi, capacity);
        lo = Arrays.copyOf(lo, capacity);
        window = Arrays.copyOf(window, capacity);
        score = Arrays.copyOf(score, capacity);
        flags = Arrays.copyOf(flags, capacity);
        values = Arrays.copyOf(values, capacity * attributes);
        rebuildIndex();
    }

    private void rebuildIndex() {
        int size = Integer.highestOneBit(Math.max(16, hi.length * 2 - 1)) << 1;
        index = new int[size];
        for (int i = head; i < tail; i++) {
            if ((flags[i] & LIVE) != 0) {
                insert(i);
            }
        }
    }

    private void insert(int at) {
        int mask = index.length - 1;
        int slot = (int) mix(lo[at]) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = at + 1;
    }

    private int find(long h, long l) {
        if (index.length == 0) {
            return -1;
        }
        int mask = index.length - 1;
        int slot = (int) mix(l) & mask;
        while (index[slot] != 0) {
            int at = index[slot] - 1;
            if (lo[at] == l && hi[at] == h) {
                return at;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** Removes a position from the index (linear probing, backward-shift deletion). */
    private void delete(int at) {
        int mask = index.length - 1;
        int slot = (int) mix(lo[at]) & mask;
        while (index[slot] != at + 1) {
            slot = (slot + 1) & mask;
        }
        int gap = slot;
        int next = (gap + 1) & mask;
        while (index[next] != 0) {
            int home = (int) mix(lo[index[next] - 1]) & mask;
            // The entry at next may move into the gap when its home is not between the gap and it (cyclically).
            if (((next - home) & mask) >= ((next - gap) & mask)) {
                index[gap] = index[next];
                gap = next;
            }
            next = (next + 1) & mask;
        }
        index[gap] = 0;
    }

    private int word(String value) {
        if (value == null) {
            return -1;
        }
        Integer w = dictionary.get(value);
        if (w == null) {
            w = words.size();
            words.add(value);
            dictionary.put(value, w);
        }
        return w;
    }

    /** A 64-bit hash of a string's characters (FNV-1a steps, then SplitMix64's finaliser). */
    static long hash(String s, long seed) {
        long h = seed ^ s.length();
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Writes the waiting predictions, oldest first, and the dictionary. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(attributes);
        out.writeInt(words.size());
        for (String w : words) {
            Binary.writeString(out, w);
        }
        out.writeInt(live);
        for (int i = head; i < tail; i++) {
            if ((flags[i] & LIVE) != 0) {
                out.writeLong(hi[i]);
                out.writeLong(lo[i]);
                out.writeLong(window[i]);
                out.writeDouble(score[i]);
                out.writeByte(flags[i]);
                for (int a = 0; a < attributes; a++) {
                    out.writeInt(values[i * attributes + a]);
                }
            }
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static PendingLabels readFrom(DataInput in) throws IOException {
        Binary.expect(in, FORMAT, "pending labels, format " + FORMAT);
        int attributes = Binary.length(in.readInt());
        PendingLabels p = new PendingLabels(attributes);
        int words = Binary.length(in.readInt());
        for (int i = 0; i < words; i++) {
            String w = Binary.readString(in);
            p.dictionary.put(w, i);
            p.words.add(w);
        }
        int n = Binary.length(in.readInt());
        p.resize(Math.max(16, n));
        for (int i = 0; i < n; i++) {
            p.hi[i] = in.readLong();
            p.lo[i] = in.readLong();
            p.window[i] = in.readLong();
            p.score[i] = in.readDouble();
            p.flags[i] = (byte) (in.readByte() | LIVE);
            for (int a = 0; a < attributes; a++) {
                int w = in.readInt();
                if (w < -1 || w >= words) {
                    throw new IOException("corrupt pending labels: word " + w + " of " + words);
                }
                p.values[i * attributes + a] = w;
            }
            p.tail = i + 1;
            p.live++;
            p.insert(i);
        }
        return p;
    }
}
