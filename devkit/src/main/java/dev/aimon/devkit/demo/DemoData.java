package dev.aimon.devkit.demo;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A data set the demo tells its story on: the model it trains, the plan it registers and the faults it injects.
 *
 * @param name the name on the command line ({@code --data adult})
 * @param model the model id
 * @param citation where the data come from, to credit
 * @param window the plan's window, in events
 * @param plan the monitoring plan, as {@code PUT /v1/models/{id}/plan} takes it
 * @param training the rows the model is trained on (and the drift reference)
 * @param test the rows streamed as live traffic
 * @param bias the bias the second act injects
 * @param drift the drift the third act injects
 */
public record DemoData(
        String name,
        String model,
        String citation,
        int window,
        Map<String, Object> plan,
        List<Example> training,
        List<Example> test,
        Bias bias,
        Drift drift) {

    /**
     * Favourable decisions of one group turned unfavourable downstream of the model (a rule, a manual review), with
     * the model's scores unchanged.
     *
     * @param attribute the protected attribute
     * @param group its value
     * @param share the share of that group's favourable decisions turned
     */
    public record Bias(String attribute, String group, double share) {
        String says() {
            return "%.0f%% of the favourable decisions for %s=%s are turned down after the model"
                    .formatted(share * 100, attribute, group);
        }
    }

    /**
     * A change of the population (or of how a feature is recorded); the model scores the changed rows.
     *
     * @param feature the monitored feature that changes
     * @param says what changes, for the user
     * @param apply the change of one row
     */
    public record Drift(String feature, String says, UnaryOperator<Example> apply) {}

    /** The data set of that name, from the repository's {@code data/} ({@link dev.aimon.devkit.data.DataFile}). */
    public static DemoData named(String name) {
        return switch (name) {
            case "adult" -> AdultData.demo();
            case "german" -> GermanData.demo();
            default -> throw new IllegalArgumentException("no demo data set '" + name + "' (adult or german)");
        };
    }
}
