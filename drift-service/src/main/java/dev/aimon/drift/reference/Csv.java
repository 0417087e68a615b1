package dev.aimon.drift.reference;

import java.util.ArrayList;
import java.util.List;

/** CSV (RFC 4180: comma-separated, double quotes around a field, "" for a quote in one): a line's fields, and what a cell reads as. */
public final class Csv {

    private Csv() {}

    /** The fields of a line; a quoted field may hold commas, not line breaks. */
    public static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c != '\r') {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** A cell as a finite number, or null when it is not one. */
    public static Double number(String cell) {
        try {
            double d = Double.parseDouble(cell);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A prediction or label: a number when it reads as one, so that 1 and 1.0 compare equal to the plan's outcome. */
    public static Object outcome(String cell) {
        Double number = number(cell);
        return number != null ? number : cell;
    }
}
