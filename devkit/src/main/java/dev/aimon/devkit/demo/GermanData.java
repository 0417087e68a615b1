package dev.aimon.devkit.demo;

import dev.aimon.devkit.data.DataFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The UCI Statlog German Credit data (Hofmann 1994, doi:10.24432/C5NC77, CC BY 4.0): 1,000 applicants, 20
 * space-separated attributes (qualitative ones coded A11, A12, …; german.doc explains them) and the label, 1 good
 * credit risk and 2 bad. Sex comes from attribute 9 (A92 and A95 are women), the age group from attribute 13.
 */
public final class GermanData {

    /** The model id of the demo on these data. */
    public static final String MODEL = "german-credit";

    /** The rows the model is trained on; the rest are the live traffic (three windows of 200). */
    static final int TRAINING = 400;

    private static final int AMOUNT = 1;

    // One-hot encoded attributes of the model's inputs: column → codes.
    private static final Map<Integer, List<String>> CODES = Map.of(
            0, List.of("A11", "A12", "A13", "A14"),
            2, List.of("A30", "A31", "A32", "A33", "A34"),
            3, List.of("A40", "A41", "A42", "A43", "A44", "A45", "A46", "A48", "A49", "A410"),
            5, List.of("A61", "A62", "A63", "A64", "A65"),
            6, List.of("A71", "A72", "A73", "A74", "A75"),
            9, List.of("A101", "A102", "A103"),
            11, List.of("A121", "A122", "A123", "A124"),
            13, List.of("A141", "A142", "A143"),
            14, List.of("A151", "A152", "A153"));
    private static final int[] ONE_HOT = {0, 2, 3, 5, 6, 9, 11, 13, 14};

    private GermanData() {}

    /**
     * The demo on these data: a model of good credit trained on the first 400 applicants, the other 600 as the live
     * traffic, sex (privileged male) and age group (privileged over 25) protected, women's decisions biased in the
     * second act and loans half as large again in the third.
     */
    static DemoData demo() {
        List<Example> rows = read(DataFile.GERMAN);
        return new DemoData(
                "german",
                MODEL,
                "UCI Statlog German Credit, Hofmann 1994, doi:10.24432/C5NC77, CC BY 4.0",
                200,
                Plans.fourFifths(
                        List.of(
                                Map.of("name", "duration_months", "type", "NUMERIC"),
                                Map.of("name", "credit_amount", "type", "NUMERIC"),
                                Map.of("name", "installment_rate", "type", "NUMERIC"),
                                Map.of("name", "age", "type", "NUMERIC"),
                                Map.of("name", "checking_account", "type", "CATEGORICAL"),
                                Map.of("name", "credit_history", "type", "CATEGORICAL"),
                                Map.of("name", "purpose", "type", "CATEGORICAL")),
                        List.of(
                                Map.of("name", "sex", "privileged", List.of("male")),
                                Map.of("name", "age_group", "privileged", List.of("over_25"))),
                        200),
                rows.subList(0, TRAINING),
                rows.subList(TRAINING, rows.size()),
                new DemoData.Bias("sex", "female", 0.6),
                new DemoData.Drift(
                        "credit_amount", "loans are half as large again (credit_amount × 1.5)", e -> larger(e, 1.5)));
    }

    /** Reads german.data: one applicant per line. */
    static List<Example> read(DataFile file) {
        List<Example> rows = new ArrayList<>();
        for (String line : file.lines()) {
            if (!line.isBlank()) {
                rows.add(example(line.trim().split("\\s+")));
            }
        }
        return rows;
    }

    static Example example(String[] c) {
        if (c.length != 21) {
            throw new IllegalArgumentException("a German Credit row has 21 columns, not " + c.length);
        }
        int age = Integer.parseInt(c[12]);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("duration_months", Integer.parseInt(c[1]));
        features.put("credit_amount", Integer.parseInt(c[4]));
        features.put("installment_rate", Integer.parseInt(c[7]));
        features.put("age", age);
        features.put("checking_account", c[0]);
        features.put("credit_history", c[2]);
        features.put("purpose", c[3]);
        List<Double> inputs = new ArrayList<>(List.of(
                Double.parseDouble(c[1]),
                Math.log(Double.parseDouble(c[4])),
                Double.parseDouble(c[7]),
                Double.parseDouble(c[10]),
                (double) age,
                Double.parseDouble(c[15]),
                Double.parseDouble(c[17])));
        for (int column : ONE_HOT) {
            for (String code : CODES.get(column)) {
                inputs.add(code.equals(c[column]) ? 1.0 : 0.0);
            }
        }
        String sex = c[8].equals("A92") || c[8].equals("A95") ? "female" : "male";
        return new Example(
                features,
                Map.of("sex", sex, "age_group", age <= 25 ? "25_or_younger" : "over_25"),
                inputs.stream().mapToDouble(Double::doubleValue).toArray(),
                c[20].equals("1"));
    }

    /** The same application for a larger loan. */
    static Example larger(Example e, double factor) {
        Map<String, Object> features = new LinkedHashMap<>(e.features());
        features.put("credit_amount", (int) Math.round((Integer) features.get("credit_amount") * factor));
        double[] inputs = e.inputs().clone();
        inputs[AMOUNT] += Math.log(factor);
        return new Example(features, e.attributes(), inputs, e.favorable());
    }
}
