package dev.aimon.fairness.service;

import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.stats.fairness.AttributeCounts;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import dev.aimon.stats.window.PendingLabels;
import dev.aimon.stats.window.StateType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A fairness window's state: the group counts of the plan's attributes and intersections ({@link AttributeCounts}). */
public final class FairnessState implements StateType<AttributeCounts> {

    public static final FairnessState TYPE = new FairnessState();

    private FairnessState() {}

    @Override
    public Layout layout(MonitoringPlanEvent plan) {
        return AttributeCounts.layout(plan.plan());
    }

    @Override
    public AttributeCounts fresh(MonitoringPlanEvent plan) {
        return new AttributeCounts(plan.plan());
    }

    @Override
    public void add(AttributeCounts counts, Observation o) {
        counts.add(o);
    }

    @Override
    public void label(AttributeCounts counts, PendingLabels.Pending prediction, Object label) {
        counts.label(prediction, label);
    }

    @Override
    public AttributeCounts copy(AttributeCounts counts) {
        return counts.copy();
    }

    @Override
    public void write(AttributeCounts counts, DataOutput out) throws IOException {
        counts.writeTo(out);
    }

    @Override
    public AttributeCounts read(MonitoringPlanEvent plan, DataInput in) throws IOException {
        return AttributeCounts.readFrom(plan.plan(), in);
    }
}
