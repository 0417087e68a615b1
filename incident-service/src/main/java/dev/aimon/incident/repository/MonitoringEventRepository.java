package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The monitoring events, by breach id. */
@ApplicationScoped
public class MonitoringEventRepository implements PanacheRepositoryBase<MonitoringEventEntity, String> {}
