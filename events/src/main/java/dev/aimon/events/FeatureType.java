package dev.aimon.events;

/** How a feature is measured, which decides the statistics that apply to it. */
public enum FeatureType {
    NUMERIC,
    CATEGORICAL
}
