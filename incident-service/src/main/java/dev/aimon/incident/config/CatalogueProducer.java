package dev.aimon.incident.config;

import dev.aimon.incident.RequirementCatalogue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The requirement catalogue, read once at start (a broken mapping stops the start). */
@ApplicationScoped
public class CatalogueProducer {

    @Produces
    @Singleton
    RequirementCatalogue catalogue(IncidentConfig config) {
        return RequirementCatalogue.load(config.requirementMapping());
    }
}
