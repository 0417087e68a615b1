package dev.aimon.drift.service;

import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import dev.aimon.stats.window.PendingLabels;
import dev.aimon.stats.window.StateType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A drift window's state: a {@link DriftProfile} of the plan's features, predictions, scores and labels. */
final class DriftState implements StateType<DriftProfile> {

    private final DriftProfile.Limits limits;

    DriftState(DriftProfile.Limits limits) {
        this.limits = limits;
    }

    @Override
    public Layout layout(MonitoringPlanEvent plan) {
        return DriftProfile.layout(plan.plan());
    }

    @Override
    public DriftProfile fresh(MonitoringPlanEvent plan) {
        return new DriftProfile(plan.plan(), limits);
    }

    @Override
    public void add(DriftProfile profile, Observation o) {
        profile.add(o);
    }

    @Override
    public void label(DriftProfile profile, PendingLabels.Pending prediction, Object label) {
        profile.label(prediction.favourable(), prediction.score(), label);
    }

    @Override
    public DriftProfile copy(DriftProfile profile) {
        return profile.copy();
    }

    @Override
    public void write(DriftProfile profile, DataOutput out) throws IOException {
        profile.writeTo(out);
    }

    @Override
    public DriftProfile read(MonitoringPlanEvent plan, DataInput in) throws IOException {
        return DriftProfile.readFrom(in);
    }
}
