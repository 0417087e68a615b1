package dev.aimon.devkit.demo;

import java.util.Map;

/**
 * One row of a demo data set, as the demo's model and aimon see it.
 *
 * @param features the monitored features, as the prediction event carries them
 * @param attributes the protected attributes
 * @param inputs the model's numeric inputs (a data set's own encoding; the model standardises them)
 * @param favorable the label: the outcome that is good for the person (income above 50K, good credit)
 */
public record Example(
        Map<String, Object> features, Map<String, String> attributes, double[] inputs, boolean favorable) {}
