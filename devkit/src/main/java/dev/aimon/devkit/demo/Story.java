package dev.aimon.devkit.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's three acts on a data set's test rows, cut on window boundaries so that each window belongs to one act:
 * clean traffic, then bias injected into one group's decisions, then a feature drifting (with the decisions clean
 * again). The rows that do not fill a last window are left out, so a second run starts on a window boundary too.
 */
public final class Story {

    /** The seed of the bias act's choices: every run injects the same bias. */
    static final long SEED = 20240601L;

    /**
     * One act.
     *
     * @param name its name
     * @param says what it injects
     * @param firstWindow the sequence number, counted from 0 in this run, of its first window
     * @param events its prediction events, as ingest takes them
     */
    public record Act(String name, String says, int firstWindow, List<Map<String, Object>> events) {

        /** The number of windows it fills. */
        public int windows(int window) {
            return events.size() / window;
        }
    }

    private Story() {}

    /** The acts of a run; {@code run} keeps each run's event ids apart (ingest accepts an id once). */
    public static List<Act> acts(DemoData data, FairModel model, String run) {
        int windows = data.test().size() / data.window();
        int bias = Math.max(1, windows / 4);
        int clean = Math.max(1, (windows - bias) / 2);
        int drift = windows - clean - bias;
        if (drift < 1) {
            throw new IllegalArgumentException(data.name() + " has "
                    + data.test().size() + " test rows: too few for three acts of windows of " + data.window());
        }
        Random random = new Random(SEED);
        List<Act> acts = new ArrayList<>();
        int row = 0;
        int[] sizes = {clean, bias, drift};
        for (int a = 0; a < 3; a++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < sizes[a] * data.window(); i++, row++) {
                Example e = data.test().get(row);
                if (a == 2) {
                    e = data.drift().apply().apply(e);
                }
                double score = model.score(e);
                boolean favourable = model.decide(e, score);
                if (a == 1
                        && favourable
                        && data.bias()
                                .group()
                                .equals(e.attributes().get(data.bias().attribute()))
                        && random.nextDouble() < data.bias().share()) {
                    favourable = false;
                }
                events.add(event(data, data.name() + "-" + run + "-" + row, e, score, favourable));
            }
            int first = a == 0 ? 0 : acts.get(a - 1).firstWindow() + sizes[a - 1];
            acts.add(new Act(
                    List.of("clean", "bias", "drift").get(a),
                    List.of(
                                    "the model's decisions as they are",
                                    data.bias().says(),
                                    data.drift().says() + "; decisions clean again")
                            .get(a),
                    first,
                    events));
        }
        return acts;
    }

    /** The folds of {@link #reference}. */
    static final int FOLDS = 5;

    /**
     * The drift reference: the model's predictions on its training rows, cross-fitted. Each fifth of the rows is
     * scored and decided by a model trained (regression and thresholds) on the other four fifths, so the reference's
     * accuracy is what the model achieves on rows it has not seen; predictions on the rows a model was trained on
     * would overstate it (on German Credit's 400 rows by ten points), and every honest window would look like a drop
     * in performance.
     */
    public static List<Map<String, Object>> reference(DemoData data) {
        List<Example> rows = data.training();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            List<Example> fit = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (i % FOLDS != fold) {
                    fit.add(rows.get(i));
                }
            }
            FairModel model = FairModel.train(fit);
            for (int i = fold; i < rows.size(); i += FOLDS) {
                Example e = rows.get(i);
                double score = model.score(e);
                events.add(event(data, "reference-" + i, e, score, model.decide(e, score)));
            }
        }
        return events;
    }

    /** A prediction event: the features, the protected attributes, the decision, the score and the label. */
    static Map<String, Object> event(DemoData data, String id, Example e, double score, boolean favourable) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", id);
        event.put("modelId", data.model());
        event.put("modelVersion", "1.0.0");
        event.put("timestamp", Instant.now().toString());
        event.put("features", e.features());
        event.put("attributes", e.attributes());
        event.put("prediction", favourable ? 1 : 0);
        event.put("score", Math.round(score * 1e4) / 1e4);
        event.put("label", e.favorable() ? 1 : 0);
        return event;
    }
}
