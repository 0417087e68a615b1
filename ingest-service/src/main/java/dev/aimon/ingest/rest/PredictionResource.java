package dev.aimon.ingest.rest;

import dev.aimon.ingest.IngestResult;
import dev.aimon.ingest.Roles;
import dev.aimon.ingest.config.IngestConfig;
import dev.aimon.ingest.service.IngestService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code POST /v1/predictions}: one event, a JSON array of events, or NDJSON (one event a line). */
@Path("/v1/predictions")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionResource {

    static final String SOURCE = "POST /v1/predictions";

    private final IngestService ingest;
    private final IngestConfig config;

    public PredictionResource(IngestService ingest, IngestConfig config) {
        this.ingest = ingest;
        this.config = config;
    }

    @POST
    @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send one prediction event or a JSON array of them")
    public Uni<Response> postJson(byte[] body) {
        return BatchReader.accepted(ingest.predictions(BatchReader.json(body, config.maxBatchEvents()), SOURCE));
    }

    @POST
    @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
    @Consumes(BatchReader.NDJSON)
    @Blocking
    @Operation(
            summary = "Send prediction events as NDJSON, one JSON object a line",
            description = "The body is read as a stream, 1,000 lines at a time, each chunk validated and"
                    + " published before the next is read: any number of lines, in the memory of one chunk.")
    public Response postNdjson(InputStream body) {
        IngestResult result = BatchReader.ndjson(body, items -> BatchReader.await(ingest.predictions(items, SOURCE)));
        return Response.accepted(result).type(MediaType.APPLICATION_JSON).build();
    }
}
