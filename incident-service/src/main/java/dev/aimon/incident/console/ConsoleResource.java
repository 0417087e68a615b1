package dev.aimon.incident.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.events.Threshold;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.RequirementCatalogue;
import dev.aimon.incident.Roles;
import dev.aimon.incident.TransitionRequest;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.reporting.Coverage;
import dev.aimon.incident.reporting.ManagementReview;
import dev.aimon.incident.repository.NonconformityRepository;
import dev.aimon.incident.repository.WindowReportEntity;
import dev.aimon.incident.repository.WindowReportRepository;
import dev.aimon.incident.rest.QueryInstants;
import dev.aimon.incident.service.NonconformityService;
import dev.aimon.incident.service.RecordProjection;
import dev.aimon.incident.service.ReportService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The governance console: the incident record as pages (Qute, rendered here; no script, no CDN). It reads and moves
 * records through the same services as the API, under the same roles; its user logs in with a bearer token, which it
 * keeps in an HttpOnly, SameSite=Strict cookie.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@TemplateData(target = Nonconformity.class)
@TemplateData(target = Nonconformity.MetricTrace.class)
@TemplateData(target = Nonconformity.WindowTrace.class)
@TemplateData(target = Threshold.class)
@TemplateData(target = RequirementCatalogue.RequirementRef.class)
@TemplateData(target = NonconformityService.History.class)
@TemplateData(target = RecordProjection.Difference.class)
@TemplateData(target = AuditChain.Verification.class)
@TemplateData(target = ReportService.ControlEvidence.class)
@TemplateData(target = Coverage.Gap.class)
@TemplateData(target = ManagementReview.Summary.class)
@TemplateData(target = ManagementReview.Durations.class)
public class ConsoleResource {

    static final String COOKIE = "aimon_token";
    static final int PAGE_SIZE = 20;
    static final String[] READERS = {Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN};

    /** A metric's values over a model's windows, for one chart. */
    @TemplateData
    public record Chart(String title, String svg, List<String> columns, List<List<String>> rows) {}

    /** An option of a select. */
    @TemplateData
    public record Option(String value, String label, boolean selected) {

        static List<Option> of(List<String> values, String chosen) {
            return values.stream().map(v -> new Option(v, v, v.equals(chosen))).toList();
        }
    }

    /** One entry of a record's history, for the timeline. */
    @TemplateData
    public record Step(
            int seq,
            String type,
            String actor,
            Instant at,
            String status,
            List<EntryFields.Field> fields,
            String change,
            String hash) {}

    @Location("console/login.html")
    Template login;

    @Location("console/list.html")
    Template list;

    @Location("console/detail.html")
    Template detail;

    @Location("console/control.html")
    Template control;

    @Location("console/controls.html")
    Template controls;

    @Location("console/review.html")
    Template review;

    @Location("console/model.html")
    Template model;

    @Location("console/models.html")
    Template models;

    @Location("console/refused.html")
    Template refused;

    private final NonconformityService service;
    private final ReportService reports;
    private final WindowReportRepository windows;
    private final RequirementCatalogue catalogue;
    private final SecurityIdentity identity;
    private final JWTParser parser;
    private final ObjectMapper json;

    public ConsoleResource(
            NonconformityService service,
            ReportService reports,
            WindowReportRepository windows,
            RequirementCatalogue catalogue,
            SecurityIdentity identity,
            JWTParser parser,
            ObjectMapper json) {
        this.service = service;
        this.reports = reports;
        this.windows = windows;
        this.catalogue = catalogue;
        this.identity = identity;
        this.parser = parser;
        this.json = json;
    }

    // --- logging in and out ---

    @GET
    @Path("/login")
    @PermitAll
    @Operation(summary = "The console's login page", hidden = true)
    public String loginPage(@QueryParam("error") String error) {
        return login.data("error", error).data("user", null).render();
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Log in with a bearer token", hidden = true)
    public Response logIn(MultivaluedMap<String, String> form) {
        String token =
                form.getFirst("token") == null ? "" : form.getFirst("token").trim();
        if (token.startsWith("Bearer ")) {
            token = token.substring("Bearer ".length()).trim();
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            return Response.status(401)
                    .type(MediaType.TEXT_HTML)
                    .entity(login.data(
                                    "error",
                                    "This token is not valid here: it is expired, not signed by"
                                            + " aimon's key, or not a token.")
                            .data("user", null)
                            .render())
                    .build();
        }
        long seconds = Math.max(0, jwt.getExpirationTime() - Instant.now().getEpochSecond());
        NewCookie cookie = new NewCookie.Builder(COOKIE)
                .value(token)
                .path("/")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) Math.min(Integer.MAX_VALUE, seconds))
                .build();
        return Response.seeOther(URI.create("/console")).cookie(cookie).build();
    }

    @POST
    @Path("/logout")
    @PermitAll
    @Operation(summary = "Log out", hidden = true)
    public Response logOut() {
        NewCookie gone = new NewCookie.Builder(COOKIE)
                .value("")
                .path("/")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(0)
                .build();
        return Response.seeOther(URI.create("/console/login")).cookie(gone).build();
    }

    /** Without a (valid) token, a page sends its reader to the login page. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Response.seeOther(URI.create("/console/login")).build();
    }

    /** A form the browser cannot have sent (a stray {@code %} in its encoding): a 400 that says so, not a 500. */
    @ServerExceptionMapper
    public Response unreadable(IllegalArgumentException e) {
        return Response.status(400)
                .type(MediaType.TEXT_HTML)
                .entity(refused.data("user", user())
                        .data("message", "The request could not be read: " + e.getMessage())
                        .render())
                .build();
    }

    /** With a token that lacks the role, a page says so. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Response.status(403)
                .type(MediaType.TEXT_HTML)
                .entity(refused.data("user", user())
                        .data("message", "Your token's roles (" + identity.getRoles() + ") do not allow this page.")
                        .render())
                .build();
    }

    // --- the list ---

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "Nonconformities, with the API's filters, sorting and paging", hidden = true)
    public Uni<Response> list(
            @QueryParam("modelId") String modelId,
            @QueryParam("status") String status,
            @QueryParam("severity") String severity,
            @QueryParam("breachKind") String breachKind,
            @QueryParam("requirement") String requirement,
            @QueryParam("owner") String owner,
            @QueryParam("overdue") String overdue,
            @QueryParam("sort") @DefaultValue("-openedAt") String sort,
            @QueryParam("page") @DefaultValue("0") int page) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("modelId", blankToNull(modelId));
        filters.put("status", blankToNull(status));
        filters.put("severity", blankToNull(severity));
        filters.put("breachKind", blankToNull(breachKind));
        filters.put("requirement", blankToNull(requirement));
        filters.put("owner", blankToNull(owner));
        filters.put("overdue", "true".equals(overdue) ? "true" : null);
        String sortKey = sort.startsWith("-") ? sort.substring(1) : sort;
        if (!NonconformityRepository.SORTABLE.containsKey(sortKey)) {
            sort = "-openedAt";
        }
        int current = Math.max(0, page);
        NonconformityRepository.Filter filter = new NonconformityRepository.Filter(
                filters.get("modelId"),
                null,
                filters.get("status"),
                filters.get("severity"),
                filters.get("breachKind"),
                filters.get("requirement"),
                null,
                null,
                null,
                null,
                null,
                filters.get("owner"),
                filters.get("overdue") == null ? null : Boolean.TRUE,
                LocalDate.now(ZoneOffset.UTC));
        String chosenSort = sort;
        return service.list(filter, chosenSort, current, PAGE_SIZE + 1).map(records -> {
            boolean more = records.size() > PAGE_SIZE;
            String query = query(filters, chosenSort);
            return html(
                    200,
                    list.data("user", user())
                            .data("records", more ? records.subList(0, PAGE_SIZE) : records)
                            .data("filters", filters)
                            .data(
                                    "statuses",
                                    Option.of(
                                            Arrays.stream(Lifecycle.Status.values())
                                                    .map(Enum::name)
                                                    .toList(),
                                            filters.get("status")))
                            .data("severities", Option.of(List.of("S1", "S2", "S3", "S4"), filters.get("severity")))
                            .data("kinds", Option.of(KINDS, filters.get("breachKind")))
                            .data("sorts", sortOptions(chosenSort))
                            .data("pageNumber", current + 1)
                            .data("previous", current > 0 ? "/console?" + query + "page=" + (current - 1) : null)
                            .data("next", more ? "/console?" + query + "page=" + (current + 1) : null));
        });
    }

    // --- one record ---

    @GET
    @Path("/nonconformities/{id}")
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "One nonconformity: trace, lifecycle, moves, chain", hidden = true)
    public Uni<Response> record(@PathParam("id") UUID id, @QueryParam("moved") String moved) {
        return page(id, 200, null, moved);
    }

    @POST
    @Path("/nonconformities/{id}/transitions")
    @RolesAllowed({Roles.GOVERNANCE, Roles.SRE, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Move a nonconformity from the console's form", hidden = true)
    public Uni<Response> move(@PathParam("id") UUID id, MultivaluedMap<String, String> form) {
        Lifecycle.Status to;
        try {
            to = Lifecycle.Status.valueOf(String.valueOf(form.getFirst("to")));
        } catch (IllegalArgumentException e) {
            return page(id, 422, List.of("to: not a status: " + form.getFirst("to")), null);
        }
        if (!Roles.mayMove(identity, to)) {
            return page(
                    id,
                    403,
                    List.of("the sre role may acknowledge a nonconformity; other moves need governance"),
                    null);
        }
        TransitionRequest request;
        try {
            request = ConsoleForms.request(to, form, actor(), Instant.now());
        } catch (ConsoleForms.BadValue e) {
            return page(id, 422, List.of(e.getMessage()), null);
        }
        return Uni.createFrom()
                .deferred(() -> service.transition(id, request))
                .map(nc -> Response.seeOther(URI.create("/console/nonconformities/" + id + "?moved=" + nc.status()))
                        .build())
                .onFailure(Lifecycle.MissingFields.class)
                .recoverWithUni(e -> page(id, 422, ((Lifecycle.MissingFields) e).fields(), null))
                .onFailure(Lifecycle.Conflict.class)
                .recoverWithUni(e -> page(id, 409, List.of(e.getMessage()), null));
    }

    /** The page of one record, with the refusal of a move when there was one. */
    private Uni<Response> page(UUID id, int status, List<String> refusal, String moved) {
        return service.get(id)
                .chain(nc -> service.history(id).map(history -> {
                    List<Step> steps = new ArrayList<>();
                    history.entries()
                            .forEach(e -> steps.add(new Step(
                                    e.seq(),
                                    e.type(),
                                    e.actor(),
                                    e.at(),
                                    statusOf(e.change()),
                                    EntryFields.of(json, e.change()),
                                    e.change(),
                                    e.hash())));
                    Lifecycle.Status current = Lifecycle.Status.valueOf(nc.status());
                    List<ConsoleForms.Form> forms = ConsoleForms.forms(current, plannedActions(nc), actor()).stream()
                            .filter(f -> Roles.mayMove(identity, Lifecycle.Status.valueOf(f.to())))
                            .toList();
                    return html(
                            status,
                            detail.data("user", user())
                                    .data("nc", nc)
                                    .data("steps", steps)
                                    .data("history", history)
                                    .data("forms", forms)
                                    .data("refusal", refusal)
                                    .data("refusalStatus", status)
                                    .data("moved", moved));
                }));
    }

    // --- controls, the review, models ---

    @GET
    @Path("/controls")
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The requirements breaches map to", hidden = true)
    public String controlIndex() {
        return controls.data("user", user())
                .data("controls", catalogue.mapped())
                .render();
    }

    @GET
    @Path("/controls/{ref}")
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The evidence for one control", hidden = true)
    public Uni<String> controlEvidence(
            @PathParam("ref") String ref, @QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = QueryInstants.parse("to", blankToNull(to), Instant.now());
        Instant start = QueryInstants.parse("from", blankToNull(from), end.minus(Duration.ofDays(30)));
        return reports.controlEvidence(ref, start, end).map(evidence -> {
            List<String> days = evidence.windowsPerDay().keySet().stream()
                    .map(LocalDate::toString)
                    .toList();
            String svg = SvgChart.bars(
                    "windows",
                    "Windows monitored per day (UTC)",
                    days,
                    List.copyOf(evidence.windowsPerDay().values()));
            return control.data("user", user())
                    .data("e", evidence)
                    .data("chart", svg)
                    .data("from", start)
                    .data("to", end)
                    .render();
        });
    }

    @GET
    @Path("/review")
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The management-review summary, with charts", hidden = true)
    public Uni<String> review(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = QueryInstants.parse("to", blankToNull(to), Instant.now());
        Instant start = QueryInstants.parse("from", blankToNull(from), end.minus(Duration.ofDays(90)));
        return reports.managementReview(start, end)
                .map(summary -> review.data("user", user())
                        .data("s", summary)
                        .data("from", start)
                        .data("to", end)
                        .data(
                                "charts",
                                List.of(
                                        bars(
                                                "status",
                                                "Records opened in the period, by status now",
                                                summary.byStatus()),
                                        bars("severity", "… by severity", summary.bySeverity()),
                                        bars("kind", "… by breach kind", summary.byKind()),
                                        bars("week", "Records opened per week", summary.openedPerWeek())))
                        .render());
    }

    @GET
    @Path("/models")
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The models with window reports", hidden = true)
    public Uni<String> modelIndex() {
        return Panache.withSession(windows::models)
                .map(names -> models.data("user", user()).data("models", names).render());
    }

    @GET
    @Path("/models/{modelId}")
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "A model's fairness and drift per window, with the thresholds drawn", hidden = true)
    public Uni<String> modelCharts(@PathParam("modelId") String modelId) {
        return Panache.withSession(() -> windows.ofModel(modelId, 200)).map(entities -> {
            if (entities.isEmpty()) {
                throw new NotFoundException("no window reports of " + modelId);
            }
            List<WindowReportEvent> fairness = new ArrayList<>();
            List<WindowReportEvent> drift = new ArrayList<>();
            for (WindowReportEntity e : entities) {
                WindowReportEvent r = read(e.report);
                if (r.window() == null || r.window().end() == null) {
                    continue;
                }
                (r.service().equals("fairness") ? fairness : drift).add(r);
            }
            List<Chart> charts = new ArrayList<>();
            charts.addAll(ModelCharts.fairness(fairness));
            charts.addAll(ModelCharts.drift(drift));
            return model.data("user", user())
                    .data("modelId", modelId)
                    .data("fairnessWindows", fairness.size())
                    .data("driftWindows", drift.size())
                    .data("charts", charts)
                    .render();
        });
    }

    // --- helpers ---

    static final List<String> KINDS =
            List.of("FAIRNESS", "DATA_DRIFT", "PREDICTION_DRIFT", "PERFORMANCE", "DATA_QUALITY", "MONITORING_GAP");

    private static List<Option> sortOptions(String chosen) {
        List<Option> options = new ArrayList<>();
        for (String key : new TreeSet<>(NonconformityRepository.SORTABLE.keySet())) {
            options.add(new Option("-" + key, key + ", descending", chosen.equals("-" + key)));
            options.add(new Option(key, key + ", ascending", chosen.equals(key)));
        }
        return options;
    }

    private static Chart bars(String id, String title, Map<String, Long> counts) {
        Map<String, Long> sorted = new TreeMap<>(counts);
        List<List<String>> rows = new ArrayList<>();
        sorted.forEach((k, v) -> rows.add(List.of(k, Long.toString(v))));
        return new Chart(
                title,
                SvgChart.bars(id, title, List.copyOf(sorted.keySet()), List.copyOf(sorted.values())),
                List.of("", "records"),
                rows);
    }

    private WindowReportEvent read(String report) {
        try {
            return json.readValue(report, WindowReportEvent.class);
        } catch (IOException e) {
            throw new IllegalStateException("a stored window report does not parse", e);
        }
    }

    /** The number of corrective actions the record's plan holds (0 before one). */
    private static int plannedActions(Nonconformity nc) {
        if (nc.lifecycle() == null || !(nc.lifecycle().get("ACTION_PLANNED") instanceof Map<?, ?> planned)) {
            return 0;
        }
        return planned.get("actions") instanceof List<?> actions ? actions.size() : 0;
    }

    /** The status a history entry's change names, if any. */
    private String statusOf(String change) {
        try {
            return json.readTree(change).path("to").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    /** Who is logged in, and with which roles, for the page header; null on the login page. */
    private String user() {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        return identity.getPrincipal().getName() + " (" + String.join(", ", new TreeSet<>(identity.getRoles())) + ")";
    }

    private static String query(Map<String, String> filters, String sort) {
        StringBuilder q = new StringBuilder();
        filters.forEach((k, v) -> {
            if (v != null) {
                q.append(k)
                        .append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                        .append('&');
            }
        });
        q.append("sort=")
                .append(URLEncoder.encode(sort, StandardCharsets.UTF_8))
                .append('&');
        return q.toString();
    }

    private static Response html(int status, TemplateInstance page) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML)
                .entity(page.render())
                .build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
