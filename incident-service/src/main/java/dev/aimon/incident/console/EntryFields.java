package dev.aimon.incident.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateData;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A history entry's change as a person reads it: one line per value, named by its path ({@code breach.result.value},
 * {@code actions[1].owner}), a fraction rounded to four significant digits with its exact text a click away. The
 * console shows these; the stored JSON, which the hash covers, stays one click further.
 */
final class EntryFields {

    private static final MathContext READING = new MathContext(4);

    private EntryFields() {}

    /**
     * One value of a change.
     *
     * @param name its path in the change
     * @param value the value for reading
     * @param exact the value exactly as stored, when the reading rounds it; null otherwise
     */
    @TemplateData
    public record Field(String name, String value, String exact) {}

    /** The fields of a change, in the order the stored JSON has them (keys sorted); empty when it is not JSON. */
    static List<Field> of(ObjectMapper json, String change) {
        List<Field> fields = new ArrayList<>();
        try {
            add(fields, "", json.readTree(change));
        } catch (IOException e) {
            return List.of();
        }
        return fields;
    }

    private static void add(List<Field> fields, String path, JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                add(fields, path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue());
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                fields.add(new Field(path, "none", null));
            }
            for (int i = 0; i < node.size(); i++) {
                add(fields, path + "[" + (i + 1) + "]", node.get(i));
            }
        } else if (node.isNull()) {
            fields.add(new Field(path, "—", null));
        } else if (node.isFloatingPointNumber()) {
            String exact = node.asText();
            String rounded = rounded(node.decimalValue());
            fields.add(new Field(path, rounded, rounded.equals(exact) ? null : exact));
        } else {
            fields.add(new Field(path, node.asText(), null));
        }
    }

    /** Four significant digits, without trailing zeros, in plain notation between 10⁻⁴ and 10⁹. */
    static String rounded(BigDecimal value) {
        BigDecimal r = value.round(READING).stripTrailingZeros();
        BigDecimal abs = r.abs();
        boolean plain = abs.signum() == 0
                || (abs.compareTo(new BigDecimal("1e-4")) >= 0 && abs.compareTo(new BigDecimal("1e9")) < 0);
        return plain ? r.toPlainString() : r.toString();
    }
}
