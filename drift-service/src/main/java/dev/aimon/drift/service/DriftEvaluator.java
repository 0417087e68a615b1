package dev.aimon.drift.service;

import dev.aimon.analysis.Decision;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.BreachKind;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.MultipleTesting;
import dev.aimon.stats.drift.CategoricalDrift;
import dev.aimon.stats.drift.CategoryCounts;
import dev.aimon.stats.drift.NumericDrift;
import dev.aimon.stats.drift.NumericSample;
import dev.aimon.stats.performance.PerformanceChange;
import dev.aimon.stats.performance.PerformanceCounts;
import dev.aimon.stats.window.ModelWindows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import smile.math.special.Beta;

/**
 * Decides the verdicts of one closed window against its reference profile: data drift of every feature, drift of
 * the prediction and the score, performance once labels arrive, and data quality. A result breaches when its value is
 * past its bound (the plan's, or the defaults below) <em>and</em> its test is significant at the plan's alpha after
 * Benjamini–Hochberg correction within its family: the drift tests of the window's features (one test per feature,
 * shared by that feature's statistics), the performance tests, and the data-quality tests.
 */
public final class DriftEvaluator {

    public static final String SERVICE = "drift";

    /** The feature name of the results about the prediction (its drift, and performance). */
    public static final String PREDICTION = "prediction";

    /** The feature name of the results about the score. */
    public static final String SCORE = "score";

    /**
     * The bounds used when the plan gives none; Wasserstein (in the feature's units) and chi-square (which grows with
     * the sample) have none, and the missing rate's default is relative to the reference's.
     */
    static final Map<Metric, Threshold> DEFAULT_BOUNDS = new EnumMap<>(Map.of(
            Metric.KS, Threshold.atMost(0.1),
            Metric.PSI, Threshold.atMost(0.2),
            Metric.JENSEN_SHANNON, Threshold.atMost(0.1),
            Metric.OUT_OF_RANGE_RATE, Threshold.atMost(0.01),
            Metric.UNSEEN_CATEGORY_RATE, Threshold.atMost(0.01)));

    /** Without a bound in the plan, a feature's missing rate may exceed the reference's by at most this much. */
    static final double DEFAULT_MISSING_INCREASE = 0.05;

    /** Without a bound in the plan, a performance metric may not drop more than this below the reference's value. */
    static final double DEFAULT_PERFORMANCE_DROP = 0.05;

    /** A prediction with at most this many distinct values in the reference is compared as a category. */
    static final int MAX_PREDICTION_CATEGORIES = 20;

    /**
     * The reference a window is compared with.
     *
     * @param profile the reference profile
     * @param sha256 its content hash, named by reports and breaches
     * @param modelVersion the model version it describes, or null for any
     */
    public record Reference(DriftProfile profile, String sha256, String modelVersion) {}

    private final int defaultMinSampleSize;
    private final double defaultAlpha;

    public DriftEvaluator(int defaultMinSampleSize, double defaultAlpha) {
        this.defaultMinSampleSize = defaultMinSampleSize;
        this.defaultAlpha = defaultAlpha;
    }

    /**
     * The reports of a batch cut into the plan's windows as the stream would (the last, partial window included),
     * against the given reference rows, or the first window when there are none: for {@code POST /v1/evaluate} and
     * the command line.
     */
    public List<WindowReportEvent> evaluateBatch(
            MonitoringPlanEvent plan,
            List<PredictionEvent> events,
            List<PredictionEvent> reference,
            DriftProfile.Limits limits,
            Instant now) {
        Reference against = null;
        if (!reference.isEmpty()) {
            DriftProfile profile = new DriftProfile(plan.plan(), limits);
            reference.forEach(profile::add);
            against = new Reference(profile, profile.sha256(), null);
        }
        List<WindowReportEvent> reports = new ArrayList<>();
        for (ModelWindows.Closed<DriftProfile> c : ModelWindows.batch(plan, events, new DriftState(limits))) {
            reports.add(evaluate(c.plan(), c.modelVersion(), c.window(), c.state(), against, 0, now)
                    .report());
            if (against == null) {
                against = new Reference(c.state(), c.state().sha256(), null);
            }
        }
        return reports;
    }

    /** A result before its verdict: the test it rests on is named by family and key, its raw p-value given. */
    private record Candidate(
            BreachKind kind,
            Metric metric,
            String feature,
            Double value,
            long n,
            long referenceN,
            Double referenceValue,
            Threshold threshold,
            String family,
            String test,
            double pValue,
            String insufficient) {}

    /** What one evaluation needs to know of the plan. */
    private final class Rules {
        final int minSample;
        final double alpha;
        final Map<Metric, Threshold> bounds;
        /** Whether metrics the plan does not bound get the defaults (the relative ones included). */
        final boolean defaults;

        final List<Candidate> candidates = new ArrayList<>();

        Rules(MonitoringPlan plan) {
            minSample = plan.minGroupSize() == null ? defaultMinSampleSize : plan.minGroupSize();
            alpha = plan.drift() != null && plan.drift().alpha() != null
                    ? plan.drift().alpha()
                    : defaultAlpha;
            defaults = plan.drift() == null || plan.drift().usesDefaultBounds();
            bounds = defaults ? new EnumMap<>(DEFAULT_BOUNDS) : new EnumMap<>(Metric.class);
            if (plan.drift() != null && plan.drift().metrics() != null) {
                bounds.putAll(plan.drift().metrics());
            }
        }

        String tooFew(long n, long referenceN) {
            return n < minSample || referenceN < minSample
                    ? Decision.insufficient(n, referenceN, minSample).reason()
                    : null;
        }
    }

    /**
     * Evaluates a closed window (revision 0 when it closes, 1, 2, … after late labels) against its reference; null
     * for none, which gives a report without results.
     */
    public WindowEvaluation evaluate(
            MonitoringPlanEvent planEvent,
            String modelVersion,
            WindowSummary window,
            DriftProfile profile,
            Reference reference,
            int revision,
            Instant now) {
        if (reference == null) {
            return WindowEvaluation.of(
                    SERVICE, planEvent, modelVersion, window, List.of(), revision, now, null, r -> null);
        }
        Rules rules = new Rules(planEvent.plan());
        DriftProfile ref = reference.profile();
        // A reference pinned to another model version judges the window's data, not its model.
        String otherVersion = reference.modelVersion() != null
                        && modelVersion != null
                        && !reference.modelVersion().equals(modelVersion)
                ? "the reference describes model version " + reference.modelVersion() + ", the window " + modelVersion
                : null;
        if (!profile.isReleased()) {
            features(rules, planEvent.plan(), profile, ref);
            prediction(rules, profile, ref, otherVersion);
        }
        performance(rules, profile, ref, otherVersion);
        List<MetricResult> results = decide(rules);
        if (profile.isReleased()) {
            List<MetricResult> all = new ArrayList<>(profile.released());
            all.addAll(results);
            results = all;
        } else if (revision == 0) {
            // Late labels only change performance: keep the rest and let the values go (unless this is the reference).
            if (ref != profile) {
                profile.release(results.stream()
                        .filter(r -> kindOf(r) != BreachKind.PERFORMANCE)
                        .toList());
            }
        }
        return WindowEvaluation.of(
                SERVICE,
                planEvent,
                modelVersion,
                window,
                results,
                revision,
                now,
                reference.sha256(),
                DriftEvaluator::kindOf);
    }

    /** The breach kind of a drift result, by its metric and feature. */
    static BreachKind kindOf(MetricResult r) {
        return switch (r.metric()) {
            case ACCURACY, PRECISION, RECALL, F1, AUC -> BreachKind.PERFORMANCE;
            case MISSING_RATE, OUT_OF_RANGE_RATE, UNSEEN_CATEGORY_RATE -> BreachKind.DATA_QUALITY;
            default ->
                PREDICTION.equals(r.feature()) || SCORE.equals(r.feature())
                        ? BreachKind.PREDICTION_DRIFT
                        : BreachKind.DATA_DRIFT;
        };
    }

    private void features(Rules rules, MonitoringPlan plan, DriftProfile profile, DriftProfile ref) {
        if (plan.features() == null) {
            return;
        }
        for (MonitoringPlan.Feature f : plan.features()) {
            String name = f.name();
            if (profile.numeric().containsKey(name)) {
                NumericSample r = ref.numeric().get(name);
                numeric(rules, BreachKind.DATA_DRIFT, name, profile.numeric().get(name), r, null);
                if (r != null) {
                    missingRate(rules, name, profile, ref);
                    outOfRange(rules, name, profile.numeric().get(name), r);
                }
            } else if (profile.categorical().containsKey(name)) {
                CategoryCounts r = ref.categorical().get(name);
                categorical(
                        rules,
                        BreachKind.DATA_DRIFT,
                        name,
                        profile.categorical().get(name),
                        r,
                        null);
                if (r != null) {
                    missingRate(rules, name, profile, ref);
                    unseen(rules, name, profile.categorical().get(name), r);
                }
            }
        }
    }

    private void numeric(
            Rules rules, BreachKind kind, String feature, NumericSample w, NumericSample r, String notComparable) {
        long n = w.count();
        long rn = r == null ? 0 : r.count();
        String insufficient = insufficient(rules, notComparable, r == null, n, rn);
        NumericDrift d = insufficient == null ? NumericDrift.of(w, r) : null;
        Map<Metric, Double> values = new LinkedHashMap<>();
        values.put(Metric.KS, d == null ? null : d.ks().d());
        values.put(Metric.PSI, d == null ? null : d.psi());
        values.put(Metric.WASSERSTEIN, d == null ? null : d.wasserstein());
        values.put(Metric.JENSEN_SHANNON, d == null ? null : d.jensenShannon());
        drift(rules, kind, feature, values, n, rn, d == null ? Double.NaN : d.ks().pValue(), insufficient);
    }

    private void categorical(
            Rules rules, BreachKind kind, String feature, CategoryCounts w, CategoryCounts r, String notComparable) {
        long n = w.total();
        long rn = r == null ? 0 : r.total();
        String insufficient = insufficient(rules, notComparable, r == null, n, rn);
        CategoricalDrift d = insufficient == null ? CategoricalDrift.of(w, r) : null;
        if (d != null && Double.isNaN(d.pValue())) {
            insufficient = "one category after pooling the sparse ones: nothing to test";
        }
        Map<Metric, Double> values = new LinkedHashMap<>();
        values.put(Metric.CHI_SQUARE, d == null || Double.isNaN(d.chiSquare()) ? null : d.chiSquare());
        values.put(Metric.PSI, d == null ? null : d.psi());
        values.put(Metric.JENSEN_SHANNON, d == null ? null : d.jensenShannon());
        drift(rules, kind, feature, values, n, rn, d == null ? Double.NaN : d.pValue(), insufficient);
    }

    /** Why a feature cannot be tested, or null when it can. */
    private static String insufficient(Rules rules, String notComparable, boolean notInReference, long n, long rn) {
        if (notComparable != null) {
            return notComparable;
        }
        return notInReference ? "the feature is not in the reference" : rules.tooFew(n, rn);
    }

    /** A feature's statistics, all resting on the feature's one test. */
    private static void drift(
            Rules rules,
            BreachKind kind,
            String feature,
            Map<Metric, Double> values,
            long n,
            long rn,
            double p,
            String insufficient) {
        values.forEach((metric, value) -> rules.candidates.add(new Candidate(
                kind,
                metric,
                feature,
                value,
                n,
                rn,
                null,
                rules.bounds.get(metric),
                "drift",
                feature,
                p,
                insufficient)));
    }

    /** The prediction's drift (as categories or as numbers, by the reference) and the score's. */
    private void prediction(Rules rules, DriftProfile w, DriftProfile r, String otherVersion) {
        CategoryCounts refPredictions = r.predictions();
        boolean asCategories = r.numericPredictions().count() == 0
                || (refPredictions.counts().size() <= MAX_PREDICTION_CATEGORIES
                        && !refPredictions.counts().containsKey(CategoryCounts.OTHER));
        if (w.predictions().total() > 0 || refPredictions.total() > 0) {
            if (asCategories) {
                categorical(
                        rules, BreachKind.PREDICTION_DRIFT, PREDICTION, w.predictions(), refPredictions, otherVersion);
            } else {
                numeric(
                        rules,
                        BreachKind.PREDICTION_DRIFT,
                        PREDICTION,
                        w.numericPredictions(),
                        r.numericPredictions(),
                        otherVersion);
            }
        }
        if (w.scores().count() > 0 || r.scores().count() > 0) {
            numeric(rules, BreachKind.PREDICTION_DRIFT, SCORE, w.scores(), r.scores(), otherVersion);
        }
    }

    private void performance(Rules rules, DriftProfile w, DriftProfile r, String otherVersion) {
        PerformanceCounts wp = w.performance();
        PerformanceCounts rp = r.performance();
        if (wp.labelled() == 0 && rp.labelled() == 0) {
            return;
        }
        Map<Metric, BiFunction<PerformanceCounts, PerformanceCounts, PerformanceChange>> metrics =
                new LinkedHashMap<>();
        metrics.put(Metric.ACCURACY, PerformanceChange::accuracy);
        metrics.put(Metric.PRECISION, PerformanceChange::precision);
        metrics.put(Metric.RECALL, PerformanceChange::recall);
        metrics.put(Metric.F1, PerformanceChange::f1);
        if (wp.positiveScores().count() + wp.negativeScores().count() > 0
                || rp.positiveScores().count() + rp.negativeScores().count() > 0) {
            metrics.put(Metric.AUC, PerformanceChange::auc);
        }
        String tooFew = rules.tooFew(wp.labelled(), rp.labelled());
        metrics.forEach((metric, change) -> {
            PerformanceChange c = change.apply(wp, rp);
            String insufficient = otherVersion != null ? otherVersion : tooFew;
            if (insufficient == null && !c.defined()) {
                insufficient = "undefined in the " + (Double.isNaN(c.value()) ? "window" : "reference")
                        + ": no predictions or labels of the kind it divides by";
            }
            Threshold bound = rules.bounds.get(metric);
            if (bound == null && rules.defaults && !Double.isNaN(c.referenceValue())) {
                bound = new Threshold(Math.max(0, c.referenceValue() - DEFAULT_PERFORMANCE_DROP), null);
            }
            rules.candidates.add(new Candidate(
                    BreachKind.PERFORMANCE,
                    metric,
                    PREDICTION,
                    Double.isNaN(c.value()) ? null : c.value(),
                    c.n(),
                    c.referenceN(),
                    Double.isNaN(c.referenceValue()) ? null : c.referenceValue(),
                    bound,
                    "performance",
                    metric.name(),
                    c.pValue(),
                    insufficient));
        });
    }

    private void missingRate(Rules rules, String feature, DriftProfile w, DriftProfile r) {
        Double referenceRate = r.events() == 0 ? null : (double) r.missing(feature) / r.events();
        Threshold bound = rules.bounds.get(Metric.MISSING_RATE);
        if (bound == null && rules.defaults && referenceRate != null) {
            bound = Threshold.atMost(Math.min(1, referenceRate + DEFAULT_MISSING_INCREASE));
        }
        quality(rules, Metric.MISSING_RATE, bound, feature, w.missing(feature), w.events(), r.events(), referenceRate);
    }

    /** The share of the window's (kept) values outside the reference's range, [smallest, largest]. */
    private void outOfRange(Rules rules, String feature, NumericSample w, NumericSample r) {
        long outside = 0;
        for (double v : w.sorted()) {
            if (v < r.min() || v > r.max()) {
                outside++;
            }
        }
        quality(
                rules,
                Metric.OUT_OF_RANGE_RATE,
                rules.bounds.get(Metric.OUT_OF_RANGE_RATE),
                feature,
                outside,
                w.size(),
                r.count(),
                null);
    }

    private void unseen(Rules rules, String feature, CategoryCounts w, CategoryCounts r) {
        long unseen = 0;
        for (Map.Entry<String, Long> e : w.counts().entrySet()) {
            if (r.count(e.getKey()) == 0) {
                unseen += e.getValue();
            }
        }
        quality(
                rules,
                Metric.UNSEEN_CATEGORY_RATE,
                rules.bounds.get(Metric.UNSEEN_CATEGORY_RATE),
                feature,
                unseen,
                w.total(),
                r.total(),
                null);
    }

    /**
     * A rate of the window against its bound. Its test is exact: the binomial probability of at least this many (or
     * at most, for a lower bound) in n if the true rate were the bound itself.
     */
    private static void quality(
            Rules rules,
            Metric metric,
            Threshold bound,
            String feature,
            long x,
            long n,
            long referenceN,
            Double referenceValue) {
        String insufficient = n < rules.minSample
                ? Decision.insufficient(n, referenceN, rules.minSample).reason()
                : null;
        Double value = n == 0 ? null : (double) x / n;
        double p = Double.NaN;
        if (insufficient == null && value != null) {
            if (bound != null && bound.upper() != null && value > bound.upper()) {
                p = atLeast(x, n, bound.upper());
            } else if (bound != null && bound.lower() != null && value < bound.lower()) {
                p = 1 - atLeast(x + 1, n, bound.lower());
            } else {
                p = 1.0;
            }
        }
        rules.candidates.add(new Candidate(
                BreachKind.DATA_QUALITY,
                metric,
                feature,
                value,
                n,
                referenceN,
                referenceValue,
                bound,
                "quality",
                feature + "/" + metric,
                p,
                insufficient));
    }

    /** P(X ≥ x) for X binomial(n, rate): the regularised incomplete beta I_rate(x, n − x + 1). */
    static double atLeast(long x, long n, double rate) {
        if (x <= 0) {
            return 1.0;
        }
        if (x > n) {
            return 0.0;
        }
        if (rate <= 0) {
            return 0.0;
        }
        if (rate >= 1) {
            return 1.0;
        }
        return Beta.regularizedIncompleteBetaFunction(x, n - x + 1, rate);
    }

    /** The verdicts: each family's p-values adjusted by Benjamini–Hochberg, then the decision rule. */
    private static List<MetricResult> decide(Rules rules) {
        Map<String, Map<String, Double>> raw = new LinkedHashMap<>();
        for (Candidate c : rules.candidates) {
            if (c.insufficient() == null && !Double.isNaN(c.pValue())) {
                raw.computeIfAbsent(c.family(), f -> new LinkedHashMap<>()).putIfAbsent(c.test(), c.pValue());
            }
        }
        Map<String, Map<String, Double>> adjusted = new LinkedHashMap<>();
        raw.forEach((family, tests) -> adjusted.put(family, MultipleTesting.benjaminiHochberg(tests)));
        List<MetricResult> results = new ArrayList<>(rules.candidates.size());
        for (Candidate c : rules.candidates) {
            Double p = c.insufficient() == null
                    ? adjusted.getOrDefault(c.family(), Map.of()).get(c.test())
                    : null;
            Decision decision;
            if (c.insufficient() != null || c.value() == null || p == null) {
                decision = new Decision(
                        Verdict.INSUFFICIENT_EVIDENCE, Objects.requireNonNullElse(c.insufficient(), "no value"));
            } else {
                decision = Decision.of(c.threshold(), c.value(), p, rules.alpha);
            }
            results.add(new MetricResult(
                    c.metric(),
                    null,
                    null,
                    null,
                    c.feature(),
                    c.value(),
                    c.n(),
                    c.referenceN(),
                    null,
                    p,
                    c.threshold(),
                    decision.verdict(),
                    decision.reason(),
                    c.referenceValue()));
        }
        return results;
    }
}
