package dev.aimon.drift.reference;

import dev.aimon.analysis.rest.Problems;
import dev.aimon.analysis.rest.Roles;
import dev.aimon.drift.config.DriftConfig;
import dev.aimon.drift.service.DriftMonitor;
import dev.aimon.drift.service.DriftProfile;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.stats.drift.CategoryCounts;
import dev.aimon.stats.drift.NumericSample;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /v1/models/{modelId}/reference}: the reference data a model's windows are compared with. An upload is read
 * row by row into a profile (the rows are not kept), hashed, and stored as the model's next version; the newest
 * version is used from the next window on.
 */
@Path("/v1/models/{modelId}/reference")
@Produces(MediaType.APPLICATION_JSON)
public class ReferenceResource {

    private final DriftMonitor monitor;
    private final ReferenceStore store;
    private final DriftConfig config;

    public ReferenceResource(DriftMonitor monitor, ReferenceStore store, DriftConfig config) {
        this.monitor = monitor;
        this.store = store;
        this.config = config;
    }

    /**
     * A profile version as the API shows it.
     *
     * @param version the stored version
     * @param features per feature of the plan: its count, missing count and range or categories
     * @param prediction the predictions' categories
     * @param scores the scores' count and range
     * @param labelled the rows with a label
     */
    public record ReferenceView(
            ReferenceStore.Version version,
            Map<String, Map<String, Object>> features,
            Map<String, Long> prediction,
            Map<String, Object> scores,
            long labelled) {}

    @PUT
    @Blocking
    @RolesAllowed({Roles.GOVERNANCE, Roles.ADMIN}) // those who may change a plan
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", "text/csv"})
    @Operation(
            summary = "Upload a model's reference data (JSON array or NDJSON of prediction events, or CSV with a"
                    + " header); stored as the model's next reference version")
    public Response put(
            @PathParam("modelId") String modelId,
            @QueryParam("modelVersion") String modelVersion,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Context SecurityContext security,
            InputStream body)
            throws IOException {
        MonitoringPlanEvent plan = monitor.currentPlan(modelId)
                .orElseThrow(() -> Problems.of(
                        409,
                        "no-plan",
                        "No plan",
                        List.of("model " + modelId + " has no monitoring plan: PUT /v1/models/" + modelId
                                + "/plan on ingest-service first")));
        ReferenceReader.Format format = format(contentType);
        ReferenceReader.Result read =
                new ReferenceReader(plan.plan(), monitor.limits(), config.maxReferenceRows()).read(format, body);
        if (!read.errors().isEmpty()) {
            throw Problems.of(400, "invalid-reference", "Invalid reference data", read.errors());
        }
        String pinned = modelVersion;
        if (pinned == null && read.modelVersions().size() == 1) {
            pinned = read.modelVersions().iterator().next();
        }
        String by = security.getUserPrincipal() == null
                ? null
                : security.getUserPrincipal().getName();
        Map.Entry<ReferenceStore.Version, Boolean> stored = store.put(
                modelId, pinned, read.profile(), read.rows(), format.name().toLowerCase(), by);
        return Response.status(stored.getValue() ? 201 : 200)
                .entity(view(stored.getKey(), read.profile()))
                .build();
    }

    @GET
    @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The newest reference profile of a model")
    public ReferenceView newest(@PathParam("modelId") String modelId) {
        ReferenceStore.Version v = store.newest(modelId)
                .orElseThrow(() -> Problems.of(
                        404, "no-reference", "No reference", List.of("no reference uploaded for model " + modelId)));
        return view(v, store.load(modelId, v.version()));
    }

    @GET
    @Path("/versions")
    @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "Every reference version of a model, newest first")
    public List<ReferenceStore.Version> versions(@PathParam("modelId") String modelId) {
        return store.versions(modelId);
    }

    private static ReferenceReader.Format format(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase();
        if (type.startsWith("text/csv")) {
            return ReferenceReader.Format.CSV;
        }
        if (type.startsWith("application/x-ndjson")) {
            return ReferenceReader.Format.NDJSON;
        }
        return ReferenceReader.Format.JSON;
    }

    private static ReferenceView view(ReferenceStore.Version v, DriftProfile p) {
        Map<String, Map<String, Object>> features = new LinkedHashMap<>();
        p.numeric().forEach((name, sample) -> features.put(name, numeric(sample, p.missing(name))));
        p.categorical().forEach((name, counts) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "CATEGORICAL");
            f.put("n", counts.total());
            f.put("missing", p.missing(name));
            f.put("categories", counts.counts());
            features.put(name, f);
        });
        CategoryCounts predictions = p.predictions();
        return new ReferenceView(
                v,
                features,
                predictions.counts(),
                numeric(p.scores(), null),
                p.performance().labelled());
    }

    private static Map<String, Object> numeric(NumericSample sample, Long missing) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "NUMERIC");
        f.put("n", sample.count());
        if (missing != null) {
            f.put("missing", missing);
        }
        if (sample.count() > 0) {
            f.put("min", sample.min());
            f.put("max", sample.max());
            f.put("exact", sample.exact());
        }
        return f;
    }
}
