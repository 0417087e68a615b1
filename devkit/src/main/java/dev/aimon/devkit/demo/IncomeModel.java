package dev.aimon.devkit.demo;

import dev.aimon.devkit.demo.AdultData.Person;
import java.util.List;
import smile.classification.LogisticRegression;

/**
 * The demo's model: a logistic regression (Smile) that predicts income above 50K from age, education, hours, capital
 * gains and losses, marital status and relationship. Sex and race are not inputs, yet relationship ("Husband",
 * "Wife") and marital status carry them: the model's decisions are biased the way real ones are, through proxies.
 */
public final class IncomeModel {

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

    private final LogisticRegression.Binomial model;
    private final double[] mean;
    private final double[] sd;

    private IncomeModel(LogisticRegression.Binomial model, double[] mean, double[] sd) {
        this.model = model;
        this.mean = mean;
        this.sd = sd;
    }

    /** Trains on the given people (adult.data). */
    public static IncomeModel train(List<Person> people) {
        double[][] raw = people.stream().map(IncomeModel::raw).toArray(double[][]::new);
        int d = raw[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] row : raw) {
            for (int j = 0; j < d; j++) mean[j] += row[j] / raw.length;
        }
        for (double[] row : raw) {
            for (int j = 0; j < d; j++) sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / raw.length;
        }
        for (int j = 0; j < d; j++) sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
        double[][] x = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) x[i] = standardise(raw[i], mean, sd);
        int[] y = people.stream().mapToInt(p -> p.highIncome() ? 1 : 0).toArray();
        return new IncomeModel(LogisticRegression.binomial(x, y), mean, sd);
    }

    /** The probability of income above 50K. */
    public double score(Person p) {
        double[] posteriori = new double[2];
        model.predict(standardise(raw(p), mean, sd), posteriori);
        return posteriori[1];
    }

    private static double[] raw(Person p) {
        double[] v = new double[5 + RELATIONSHIPS.size() + MARITAL.size()];
        v[0] = p.age();
        v[1] = p.educationNum();
        v[2] = p.hoursPerWeek();
        v[3] = Math.log1p(p.capitalGain());
        v[4] = Math.log1p(p.capitalLoss());
        int r = RELATIONSHIPS.indexOf(p.relationship());
        if (r >= 0) v[5 + r] = 1;
        int m = MARITAL.indexOf(p.maritalStatus());
        if (m >= 0) v[5 + RELATIONSHIPS.size() + m] = 1;
        return v;
    }

    private static double[] standardise(double[] raw, double[] mean, double[] sd) {
        double[] x = new double[raw.length];
        for (int j = 0; j < raw.length; j++) x[j] = (raw[j] - mean[j]) / sd[j];
        return x;
    }
}
