package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The window reports kept as evidence, by report id. */
@ApplicationScoped
public class WindowReportRepository implements PanacheRepositoryBase<WindowReportEntity, String> {}
