package dev.aimon.incident.rest;

import dev.aimon.incident.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/nonconformities/{id}/deliveries}: the webhook delivery log of a record, every attempt. */
@Path("/v1/nonconformities/{id}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final Pool pool;

    public DeliveryResource(Pool pool) {
        this.pool = pool;
    }

    /**
     * One attempt to deliver a webhook.
     *
     * @param status the endpoint's HTTP status, absent when it could not be reached
     * @param error why the attempt failed, when it did not get an answer
     */
    public record Delivery(
            UUID deliveryId, int attempt, String url, String event, Integer status, String error, OffsetDateTime at) {}

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The webhook deliveries of a nonconformity, every attempt, oldest first")
    public Uni<List<Delivery>> deliveries(@PathParam("id") UUID id) {
        return pool.preparedQuery("select delivery_id, attempt, url, event, status, error, at from webhook_delivery"
                        + " where nonconformity_id = $1 order by at, attempt")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<Delivery> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new Delivery(
                                r.getUUID("delivery_id"),
                                r.getInteger("attempt"),
                                r.getString("url"),
                                r.getString("event"),
                                r.getInteger("status"),
                                r.getString("error"),
                                r.getOffsetDateTime("at")));
                    }
                    return list;
                });
    }
}
