package dev.aimon.devkit.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import smile.classification.LogisticRegression;

/**
 * The demo's model: a logistic regression (Smile) on a data set's inputs, whose decisions are post-processed for
 * demographic parity. Protected attributes are not inputs, yet the data carry them through proxies (relationship and
 * marital status in Adult), so a plain 0.5 cut gives women about a third of men's rate of favourable decisions. As
 * Fairlearn's {@code ThresholdOptimizer} does, the model learns one threshold per group of the protected attributes
 * (their combination) so that each group's rate of favourable decisions on the training data equals the overall rate
 * of the 0.5 cut. That makes the clean traffic pass the four-fifths rule; it does not make the error rates equal
 * (equal opportunity would need other thresholds), which is why the demo's plan bounds the selection metrics only.
 */
public final class FairModel {

    private final LogisticRegression.Binomial model;
    private final double[] mean;
    private final double[] sd;
    private final Map<String, Double> thresholds;
    private final double rate;

    private FairModel(
            LogisticRegression.Binomial model,
            double[] mean,
            double[] sd,
            Map<String, Double> thresholds,
            double rate) {
        this.model = model;
        this.mean = mean;
        this.sd = sd;
        this.thresholds = thresholds;
        this.rate = rate;
    }

    /** Trains on the given rows: the regression first, then the thresholds of each group on its scores. */
    public static FairModel train(List<Example> rows) {
        int d = rows.getFirst().inputs().length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (Example row : rows) {
            for (int j = 0; j < d; j++) mean[j] += row.inputs()[j] / rows.size();
        }
        for (Example row : rows) {
            for (int j = 0; j < d; j++) {
                sd[j] += (row.inputs()[j] - mean[j]) * (row.inputs()[j] - mean[j]) / rows.size();
            }
        }
        for (int j = 0; j < d; j++) sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
        double[][] x = rows.stream().map(r -> standardise(r.inputs(), mean, sd)).toArray(double[][]::new);
        int[] y = rows.stream().mapToInt(r -> r.favorable() ? 1 : 0).toArray();
        LogisticRegression.Binomial model = LogisticRegression.binomial(x, y);

        FairModel plain = new FairModel(model, mean, sd, Map.of(), 0);
        Map<String, List<Double>> scores = new TreeMap<>();
        long favourable = 0;
        for (Example row : rows) {
            double s = plain.score(row);
            scores.computeIfAbsent(group(row), g -> new ArrayList<>()).add(s);
            favourable += s >= 0.5 ? 1 : 0;
        }
        double rate = (double) favourable / rows.size();
        Map<String, Double> thresholds = new HashMap<>();
        scores.forEach((g, s) -> thresholds.put(g, threshold(s, rate)));
        return new FairModel(model, mean, sd, thresholds, rate);
    }

    /** The score above which a share {@code rate} of the given scores lies. */
    static double threshold(List<Double> scores, double rate) {
        List<Double> sorted = new ArrayList<>(scores);
        sorted.sort(null);
        int above = (int) Math.round(rate * sorted.size());
        if (above <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return sorted.get(sorted.size() - above);
    }

    /** The probability of the favourable outcome. */
    public double score(Example row) {
        double[] posteriori = new double[2];
        model.predict(standardise(row.inputs(), mean, sd), posteriori);
        return posteriori[1];
    }

    /** The decision: favourable when the score reaches the threshold of the row's group (0.5 for an unseen one). */
    public boolean decide(Example row, double score) {
        return score >= thresholds.getOrDefault(group(row), 0.5);
    }

    /** The rate of favourable decisions every group gets on the training data. */
    public double rate() {
        return rate;
    }

    private static String group(Example row) {
        return new TreeMap<>(row.attributes()).toString();
    }

    private static double[] standardise(double[] raw, double[] mean, double[] sd) {
        double[] x = new double[raw.length];
        for (int j = 0; j < raw.length; j++) x[j] = (raw[j] - mean[j]) / sd[j];
        return x;
    }
}
