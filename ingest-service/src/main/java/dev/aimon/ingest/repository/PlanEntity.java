package dev.aimon.ingest.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One version of a model's monitoring plan: the plan itself as the contract's JSON, or null for a deletion. Rows are
 * only ever added.
 */
@Entity
@Table(name = "monitoring_plan")
public class PlanEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(nullable = false)
    public int version;

    /** The plan as JSON; null when this version deletes the plan. */
    @Column(name = "plan")
    public String planJson;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
