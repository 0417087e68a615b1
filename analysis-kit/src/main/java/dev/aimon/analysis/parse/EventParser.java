package dev.aimon.analysis.parse;

import dev.aimon.events.FeatureType;
import dev.aimon.events.LabelEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.kafka.LabelEventDeserializer;
import dev.aimon.events.kafka.PredictionEventDeserializer;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the stream's records into {@link Observation}s, parsing only what a layout names. A scanner of its own ({@link
 * JsonScan}) reads the common shape of an event straight from the record's bytes: strict JSON in ASCII, each known
 * field once with the JSON type the contract gives it, a timestamp written as {@code 2026-11-27T10:00:00.123Z}. It
 * skips every other field and every feature the layout does not read, builds no map, boxes no number, and allocates
 * only the event id (model ids, versions and attribute values are looked up among those already seen). Anything
 * else it meets, from a field of an unusual type to malformed JSON or a non-ASCII byte, it leaves to the contract's
 * deserialiser (Jackson databind, as the services used before): so a record is accepted or rejected, with the same
 * reason, exactly as the deserialiser would ({@code EventParserTest} checks both paths against each other over a
 * corpus of valid, odd and broken records). Not thread-safe: one per consumer thread.
 */
public final class EventParser {

    private static final int SCHEMA_VERSION = 1;
    private static final int EVENT_ID = 2;
    private static final int MODEL_ID = 4;
    private static final int MODEL_VERSION = 8;
    private static final int TIMESTAMP = 16;
    private static final int FEATURES = 32;
    private static final int ATTRIBUTES = 64;
    private static final int PREDICTION = 128;
    private static final int SCORE = 256;
    private static final int LABEL = 512;

    private final PredictionEventDeserializer predictions = new PredictionEventDeserializer();
    private final LabelEventDeserializer labels = new LabelEventDeserializer();
    private final JsonScan scan = new JsonScan();
    private final SeenStrings modelIds = new SeenStrings(64);
    private final SeenStrings modelVersions = new SeenStrings(64);
    private final Map<Layout, NameTable> featureNames = new IdentityHashMap<>();
    private final Map<Layout, NameTable> attributeNames = new IdentityHashMap<>();
    private Layout lastFeatureLayout;
    private NameTable lastFeatureNames;
    private Layout lastAttributeLayout;
    private NameTable lastAttributeNames;

    private final Timestamps times = new Timestamps();

    /** Records read by the scanner, and those left to the deserialiser. */
    private long fast;

    private long slow;

    /** A label read from the stream. */
    public record Label(String modelId, String eventId, Object label) {}

    /** A record that is not a valid event: the reason, as the deserialiser or the validation words it. */
    public static final class InvalidEvent extends Exception {
        InvalidEvent(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** Reads a prediction from a whole array; see {@link #prediction(String, ByteBuffer, Observation)}. */
    public void prediction(String topic, byte[] value, Observation o) throws InvalidEvent {
        prediction(topic, value == null ? null : ByteBuffer.wrap(value), o);
    }

    /**
     * Reads a prediction into {@code o} (which it clears first), with the fields of o's layout.
     *
     * @param value the record's value (not consumed), or null
     * @throws InvalidEvent when the record is not a valid prediction event (with modelId and timestamp)
     */
    public void prediction(String topic, ByteBuffer value, Observation o) throws InvalidEvent {
        boolean read;
        try {
            read = value != null
                    && value.hasArray()
                    && fastPrediction(value.array(), value.arrayOffset() + value.position(), value.remaining(), o);
        } catch (RuntimeException e) {
            read = false;
        }
        if (read) {
            fast++;
        } else {
            slow++;
            PredictionEvent event;
            try {
                event = predictions.deserialize(topic, bytes(value));
            } catch (SerializationException e) {
                throw new InvalidEvent(e.getMessage(), e);
            }
            if (event == null) {
                throw invalidPrediction();
            }
            o.layout().fill(event, o);
        }
        if (o.modelId() == null || o.time() == Long.MIN_VALUE) {
            throw invalidPrediction();
        }
    }

    private static InvalidEvent invalidPrediction() {
        return new InvalidEvent("the record is not a valid PredictionEvent (modelId and timestamp)", null);
    }

    /** The bytes of a value (a copy), or null. */
    public static byte[] bytes(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        return copy;
    }

    /** Reads a label from a whole array; see {@link #label(String, ByteBuffer)}. */
    public Label label(String topic, byte[] value) throws InvalidEvent {
        return label(topic, value == null ? null : ByteBuffer.wrap(value));
    }

    /**
     * Reads a label.
     *
     * @throws InvalidEvent when the record is not a valid label event (with modelId and eventId)
     */
    public Label label(String topic, ByteBuffer value) throws InvalidEvent {
        Label label;
        try {
            label = value == null || !value.hasArray()
                    ? null
                    : fastLabel(value.array(), value.arrayOffset() + value.position(), value.remaining());
        } catch (RuntimeException e) {
            label = null;
        }
        if (label != null) {
            fast++;
        } else {
            slow++;
            LabelEvent event;
            try {
                event = labels.deserialize(topic, bytes(value));
            } catch (SerializationException e) {
                throw new InvalidEvent(e.getMessage(), e);
            }
            label = event == null ? null : new Label(event.modelId(), event.eventId(), event.label());
        }
        if (label == null || label.modelId() == null || label.eventId() == null) {
            throw new InvalidEvent("the record is not a valid LabelEvent (modelId and eventId)", null);
        }
        return label;
    }

    /** Records read by the scanner so far. */
    public long fastReads() {
        return fast;
    }

    /** Records left to the deserialiser so far. */
    public long slowReads() {
        return slow;
    }

    /** One member of an object, read after its key and colon; false when the deserialiser must decide. */
    @FunctionalInterface
    private interface Member {
        boolean read(int position);
    }

    /** Reads an object member by member; false as soon as one member (or the object's grammar) fails. */
    private static boolean members(JsonScan s, Member member) {
        if (!s.take('{')) {
            return false;
        }
        if (s.take('}')) {
            return true;
        }
        int position = 0;
        do {
            if (!s.string() || !s.take(':') || !member.read(position++)) {
                return false;
            }
        } while (s.take(','));
        return s.take('}');
    }

    /** The fields of the record read so far, as bits: a field twice is the deserialiser's to judge. */
    private int seen;

    /** Notes a field (0: one the parser does not know); false when it came before. */
    private boolean first(int field) {
        if ((seen & field) != 0) {
            return false;
        }
        seen |= field;
        return true;
    }

    /**
     * The observation being filled, and the member readers of the object being read: fields rather than capturing
     * lambdas, so that reading a record allocates no reader.
     */
    private Observation target;

    private NameTable targetNames;
    private final Member predictionMember = position -> predictionField(scan, target);
    private final Member featureMember = this::feature;
    private final Member attributeMember = this::attribute;
    private final Member labelMember = position -> labelField(scan);

    /** Reads the common shape of a prediction; false when the deserialiser must decide. */
    private boolean fastPrediction(byte[] value, int offset, int length, Observation o) {
        o.clear();
        seen = 0;
        target = o;
        scan.reset(value, offset, length);
        return members(scan, predictionMember);
    }

    private boolean predictionField(JsonScan s, Observation o) {
        int field = field(s);
        if (!first(field)) {
            return false;
        }
        int c = s.peek();
        switch (field) {
            case SCHEMA_VERSION -> {
                return schemaVersion(s);
            }
            case EVENT_ID -> {
                if (!text(s, c, null)) {
                    return false;
                }
                o.eventId(text);
            }
            case MODEL_ID -> {
                if (!text(s, c, modelIds)) {
                    return false;
                }
                o.modelId(text);
            }
            case MODEL_VERSION -> {
                if (!text(s, c, modelVersions)) {
                    return false;
                }
                o.modelVersion(text);
            }
            case TIMESTAMP -> {
                if (c == '"') {
                    long millis = s.string() ? times.read(s) : Long.MIN_VALUE;
                    if (millis == Long.MIN_VALUE) {
                        return false;
                    }
                    o.time(millis);
                } else {
                    return s.literal("null");
                }
            }
            case FEATURES -> {
                return c == '{' ? features(s, o) : s.literal("null");
            }
            case ATTRIBUTES -> {
                return c == '{' ? attributes(s, o) : s.literal("null");
            }
            case PREDICTION -> {
                if (!scalar(s, c)) {
                    return false;
                }
                o.prediction(scalar);
            }
            case SCORE -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    if (!s.number()) {
                        return false;
                    }
                    o.score(s.doubleValue);
                } else {
                    return s.literal("null");
                }
            }
            case LABEL -> {
                if (!scalar(s, c)) {
                    return false;
                }
                o.label(scalar);
            }
            default -> {
                return s.skip();
            }
        }
        return true;
    }

    /** Reads the common shape of a label; null when the deserialiser must decide. */
    private Label fastLabel(byte[] value, int offset, int length) {
        seen = 0;
        labelModel = null;
        labelEvent = null;
        labelValue = null;
        scan.reset(value, offset, length);
        return members(scan, labelMember) ? new Label(labelModel, labelEvent, labelValue) : null;
    }

    /** The model, event and label of a label event, while it is read. */
    private String labelModel;

    private String labelEvent;
    private Object labelValue;

    private boolean labelField(JsonScan s) {
        int field = field(s);
        if ((field & (SCHEMA_VERSION | EVENT_ID | MODEL_ID | TIMESTAMP | LABEL)) == 0) {
            field = 0; // not a field of a label
        }
        if (!first(field)) {
            return false;
        }
        int c = s.peek();
        switch (field) {
            case SCHEMA_VERSION -> {
                return schemaVersion(s);
            }
            case EVENT_ID -> {
                if (!text(s, c, null)) {
                    return false;
                }
                labelEvent = text;
            }
            case MODEL_ID -> {
                if (!text(s, c, modelIds)) {
                    return false;
                }
                labelModel = text;
            }
            case TIMESTAMP -> {
                return c == '"' ? s.string() && times.read(s) != Long.MIN_VALUE : s.literal("null");
            }
            case LABEL -> {
                if (!scalar(s, c)) {
                    return false;
                }
                labelValue = scalar;
            }
            default -> {
                return s.skip();
            }
        }
        return true;
    }

    /** A schemaVersion: null, or a whole number that fits an int. */
    private static boolean schemaVersion(JsonScan s) {
        return s.literal("null") || (s.number() && s.whole && fitsInt(s.longValue));
    }

    private static boolean fitsInt(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }

    /** The last string (or null) read by {@link #text(JsonScan, int, SeenStrings)}. */
    private String text;

    /** A string, found among those seen before when a table is given, or null, into {@link #text}. */
    private boolean text(JsonScan s, int c, SeenStrings seenBefore) {
        if (c == '"') {
            if (!s.string()) {
                return false;
            }
            text = seenBefore == null ? s.text() : seenBefore.of(s);
            return true;
        }
        text = null;
        return s.literal("null");
    }

    private static final byte[][] NAMES = {
        bytes("schemaVersion"),
        bytes("eventId"),
        bytes("modelId"),
        bytes("modelVersion"),
        bytes("timestamp"),
        bytes("features"),
        bytes("attributes"),
        bytes("prediction"),
        bytes("score"),
        bytes("label")
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The indices into {@link #NAMES} by the name's length: a key is compared with the names of its length only. */
    private static final int[][] NAMES_BY_LENGTH = byLength(NAMES);

    private static int[][] byLength(byte[][] names) {
        int longest = 0;
        for (byte[] n : names) {
            longest = Math.max(longest, n.length);
        }
        int[][] table = new int[longest + 1][0];
        for (int k = 0; k < names.length; k++) {
            int[] same = table[names[k].length];
            table[names[k].length] = Arrays.copyOf(same, same.length + 1);
            table[names[k].length][same.length] = k;
        }
        return table;
    }

    /** The bit of the field the last string names, 0 for any other field. */
    private static int field(JsonScan s) {
        if (s.length >= NAMES_BY_LENGTH.length) {
            return 0;
        }
        for (int k : NAMES_BY_LENGTH[s.length]) {
            if (s.textIs(NAMES[k])) {
                return 1 << k;
            }
        }
        return 0;
    }

    /** The features object: the layout's features into their slots, the rest skipped. */
    private boolean features(JsonScan s, Observation o) {
        Layout layout = o.layout();
        if (layout.features() == 0) {
            return s.skip();
        }
        NameTable names = layout == lastFeatureLayout
                ? lastFeatureNames
                : featureNames.computeIfAbsent(layout, NameTable::features);
        lastFeatureLayout = layout;
        lastFeatureNames = names;
        targetNames = names;
        return members(s, featureMember);
    }

    /** One member of the features object ({@link #features}). */
    private boolean feature(int position) {
        JsonScan s = scan;
        int slot = targetNames.find(s, position);
        int c = s.peek();
        if (slot < 0) {
            return s.skip();
        }
        Observation o = target;
        if (o.layout().type(slot) == FeatureType.CATEGORICAL) {
            if (!scalar(s, c)) {
                return false;
            }
            o.text(slot, scalar == null ? null : Layout.category(scalar));
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            if (!s.number()) {
                return false;
            }
            o.number(slot, s.doubleValue);
            return true;
        }
        o.number(slot, Double.NaN);
        return s.skip();
    }

    /** The attributes object: string values (or null) only; anything else is the deserialiser's to coerce. */
    private boolean attributes(JsonScan s, Observation o) {
        Layout layout = o.layout();
        NameTable names = layout == lastAttributeLayout
                ? lastAttributeNames
                : layout.attributes() == 0 ? null : attributeNames.computeIfAbsent(layout, NameTable::attributes);
        lastAttributeLayout = layout;
        lastAttributeNames = names;
        targetNames = names;
        return members(s, attributeMember);
    }

    /** One member of the attributes object ({@link #attributes}). */
    private boolean attribute(int position) {
        JsonScan s = scan;
        NameTable names = targetNames;
        int slot = names == null ? -1 : names.find(s, position);
        int c = s.peek();
        if (c == '"') {
            if (!s.string()) {
                return false;
            }
            if (slot >= 0) {
                target.attribute(slot, names.value(slot, s));
            }
            return true;
        }
        if (!s.literal("null")) {
            return false;
        }
        if (slot >= 0) {
            target.attribute(slot, null);
        }
        return true;
    }

    /** The last scalar read by {@link #scalar(JsonScan, int)}. */
    private Object scalar;

    /**
     * A scalar as the deserialiser reads it into an {@code Object}: a number (Integer, Long or Double), a string, a
     * boolean or null, into {@link #scalar}; false for an object, an array or anything else.
     */
    private boolean scalar(JsonScan s, int c) {
        if (c == '"') {
            if (!s.string()) {
                return false;
            }
            scalar = s.text();
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            if (!s.number()) {
                return false;
            }
            if (!s.whole) {
                scalar = s.doubleValue;
            } else if (fitsInt(s.longValue)) {
                scalar = (int) s.longValue;
            } else {
                scalar = s.longValue;
            }
            return true;
        }
        scalar = c == 't' ? Boolean.TRUE : c == 'f' ? Boolean.FALSE : null;
        return s.literal(c == 't' ? "true" : c == 'f' ? "false" : "null");
    }
}
