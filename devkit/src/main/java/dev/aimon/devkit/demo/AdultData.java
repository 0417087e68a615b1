package dev.aimon.devkit.demo;

import dev.aimon.devkit.data.DataFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The UCI Adult data set (Becker and Kohavi 1996, doi:10.24432/C5XW20, CC BY 4.0): one census record per line, 15
 * comma-separated columns, '?' for a missing value; adult.test has a header comment and labels ending in '.'.
 */
public final class AdultData {

    /** The model id of the demo on these data. */
    public static final String MODEL = "adult-income";

    private static final List<String> RELATIONSHIPS =
            List.of("Husband", "Wife", "Own-child", "Not-in-family", "Other-relative", "Unmarried");
    private static final List<String> MARITAL = List.of(
            "Married-civ-spouse",
            "Never-married",
            "Divorced",
            "Separated",
            "Widowed",
            "Married-spouse-absent",
            "Married-AF-spouse");

    private AdultData() {}

    /**
     * The demo on these data: a model of income above 50K trained on adult.data, adult.test as the live traffic, sex
     * (privileged Male) and race (privileged White) protected, women's decisions biased in the second act and the
     * applicants ten years older in the third.
     */
    static DemoData demo() {
        return new DemoData(
                "adult",
                MODEL,
                "UCI Adult, Becker and Kohavi 1996, doi:10.24432/C5XW20, CC BY 4.0",
                2000,
                Plans.fourFifths(
                        List.of(
                                Map.of("name", "age", "type", "NUMERIC"),
                                Map.of("name", "education_num", "type", "NUMERIC"),
                                Map.of("name", "hours_per_week", "type", "NUMERIC"),
                                Map.of("name", "capital_gain", "type", "NUMERIC"),
                                Map.of("name", "education", "type", "CATEGORICAL"),
                                Map.of("name", "occupation", "type", "CATEGORICAL")),
                        List.of(
                                Map.of("name", "sex", "privileged", List.of("Male")),
                                Map.of("name", "race", "privileged", List.of("White"))),
                        2000),
                read(DataFile.ADULT_TRAIN).stream().map(AdultData::example).toList(),
                read(DataFile.ADULT_TEST).stream().map(AdultData::example).toList(),
                new DemoData.Bias("sex", "Female", 0.6),
                new DemoData.Drift("age", "the applicants are ten years older (age + 10)", e -> olderBy(e, 10)));
    }

    /** The same person some years older (age is both a monitored feature and the model's first input). */
    static Example olderBy(Example e, int years) {
        Map<String, Object> features = new LinkedHashMap<>(e.features());
        features.put("age", (Integer) features.get("age") + years);
        double[] inputs = e.inputs().clone();
        inputs[0] += years;
        return new Example(features, e.attributes(), inputs, e.favorable());
    }

    /** A row of the demo: the monitored features, sex and race, and the model's inputs. */
    static Example example(Person p) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("age", p.age());
        features.put("education_num", p.educationNum());
        features.put("hours_per_week", p.hoursPerWeek());
        features.put("capital_gain", p.capitalGain());
        features.put("education", p.education());
        features.put("occupation", p.occupation());
        double[] inputs = new double[5 + RELATIONSHIPS.size() + MARITAL.size()];
        inputs[0] = p.age();
        inputs[1] = p.educationNum();
        inputs[2] = p.hoursPerWeek();
        inputs[3] = Math.log1p(p.capitalGain());
        inputs[4] = Math.log1p(p.capitalLoss());
        int r = RELATIONSHIPS.indexOf(p.relationship());
        if (r >= 0) inputs[5 + r] = 1;
        int m = MARITAL.indexOf(p.maritalStatus());
        if (m >= 0) inputs[5 + RELATIONSHIPS.size() + m] = 1;
        return new Example(features, Map.of("sex", p.sex(), "race", p.race()), inputs, p.highIncome());
    }

    /**
     * One person.
     *
     * @param highIncome the label: income above 50K
     */
    public record Person(
            int age,
            String workclass,
            String education,
            int educationNum,
            String maritalStatus,
            String occupation,
            String relationship,
            String race,
            String sex,
            double capitalGain,
            double capitalLoss,
            int hoursPerWeek,
            String nativeCountry,
            boolean highIncome) {}

    /** Reads a file of the data set, skipping its header comment and blank lines. */
    public static List<Person> read(DataFile file) {
        List<Person> people = new ArrayList<>();
        for (String line : file.lines()) {
            String[] c = line.split(",\\s*");
            if (c.length != 15 || line.startsWith("|")) {
                continue;
            }
            people.add(new Person(
                    Integer.parseInt(c[0].trim()),
                    c[1],
                    c[3],
                    Integer.parseInt(c[4].trim()),
                    c[5],
                    c[6],
                    c[7],
                    c[8],
                    c[9],
                    Double.parseDouble(c[10]),
                    Double.parseDouble(c[11]),
                    Integer.parseInt(c[12].trim()),
                    c[13],
                    c[14].trim().startsWith(">50K")));
        }
        return people;
    }
}
