package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.firmware.FirmwareException;
import dev.warden.firmware.FirmwareReason;
import dev.warden.firmware.FirmwareRelease;
import dev.warden.firmware.FirmwareService;
import dev.warden.jobs.CreateJob;
import dev.warden.jobs.Job;
import dev.warden.jobs.JobExecution;
import dev.warden.jobs.JobService;
import dev.warden.jobs.JobStatus;
import dev.warden.jobs.SettingsJson;
import dev.warden.policy.Arn;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Over-the-air jobs ({@code /jobs}), as AWS IoT Jobs: create (targets, release, rollout), list, describe with counts
 * per execution state, cancel, and the executions. Actions {@code iot:*Job*} act on
 * {@code arn:warden:iot:<region>:<account>:job/<id>}. A job installs a release that exists and is not revoked.
 */
public final class JobsApi implements CapabilityRoutes {
    private final JobService jobs;
    private final FirmwareService firmware;
    private final String account;

    public JobsApi(JobService jobs, FirmwareService firmware, String account) {
        this.jobs = jobs;
        this.firmware = firmware;
        this.account = account;
    }

    @Override
    public void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(POST, "/jobs", "iot:CreateJob", ctx -> arn("*"), admin.apply(this::create));
        routes.add(GET, "/jobs", "iot:ListJobs", ctx -> arn("*"), admin.apply(ctx -> {
            String status = ctx.queryParam("status");
            JobStatus filter = status == null ? null : status(status);
            ctx.json(Map.of(
                    "jobs",
                    jobs.jobs(filter, Requests.limit(ctx)).stream()
                            .map(this::view)
                            .toList()));
        }));
        routes.add(
                GET,
                "/jobs/{id}",
                "iot:DescribeJob",
                ctx -> arn(ctx.pathParam("id")),
                admin.apply(ctx -> ctx.json(view(jobs.job(ctx.pathParam("id"))))));
        routes.add(
                POST,
                "/jobs/{id}/cancel",
                "iot:CancelJob",
                ctx -> arn(ctx.pathParam("id")),
                admin.apply(ctx -> ctx.json(view(jobs.cancel(
                        ctx.pathParam("id"),
                        Requests.optionalText(Requests.body(ctx), "reason"),
                        AuditedRoutes.actor(ctx))))));
        routes.add(
                GET,
                "/jobs/{id}/executions",
                "iot:ListJobExecutionsForJob",
                ctx -> arn(ctx.pathParam("id")),
                admin.apply(ctx -> ctx.json(Map.of(
                        "executions",
                        jobs.executions(ctx.pathParam("id"), Requests.limit(ctx)).stream()
                                .map(JobsApi::view)
                                .toList()))));
    }

    /**
     * Body {@code {"jobId", "thingType", "version", "targets": {"things": [...], "thingGroups": [...]}}} plus the
     * rollout settings of {@link SettingsJson} (all optional).
     */
    private void create(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String id = Requests.requiredText(body, "jobId");
        AuditedRoutes.resource(ctx, arn(id));
        FirmwareRelease release =
                firmware.release(Requests.requiredText(body, "thingType"), Requests.requiredText(body, "version"));
        if (release.revoked()) {
            throw new FirmwareException(
                    FirmwareReason.RELEASE_REVOKED, "release " + release.version() + " is revoked: no job installs it");
        }
        CreateJob request = new CreateJob(
                id,
                release.thingType(),
                release.version().text(),
                texts(body.path("targets").path("things")),
                texts(body.path("targets").path("thingGroups")),
                SettingsJson.read(body));
        ctx.status(201).json(view(jobs.create(request, AuditedRoutes.actor(ctx))));
    }

    private Map<String, Object> view(Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", job.id());
        view.put("arn", arn(job.id()));
        view.put("thingType", job.thingType());
        view.put("version", job.version());
        view.put("status", job.status().name());
        view.put("createdAt", job.createdAt().toString());
        view.put("createdBy", job.createdBy());
        job.endedAt().ifPresent(at -> view.put("endedAt", at.toString()));
        job.reason().ifPresent(reason -> view.put("reason", reason));
        view.put("rollout", SettingsJson.write(job.settings()));
        Map<String, Long> counts = new LinkedHashMap<>();
        jobs.counts(job.id()).forEach((status, n) -> counts.put(status.name(), n));
        view.put("executions", counts);
        return view;
    }

    private static Map<String, Object> view(JobExecution e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("thing", e.thing());
        view.put("status", e.status().name());
        view.put("versionNumber", e.version());
        view.put("queuedAt", e.queuedAt().toString());
        e.notifiedAt().ifPresent(at -> view.put("notifiedAt", at.toString()));
        e.startedAt().ifPresent(at -> view.put("startedAt", at.toString()));
        view.put("updatedAt", e.updatedAt().toString());
        view.put("statusDetails", e.details());
        return view;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (!array.isMissingNode() && !array.isArray()) {
            throw ApiException.badRequest("INVALID_FIELD", "targets.things and targets.thingGroups are arrays");
        }
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JobStatus status(String text) {
        try {
            return JobStatus.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "status is IN_PROGRESS, CANCELED or COMPLETED");
        }
    }

    private String arn(String id) {
        return Arn.of("iot", jobs.region(), account, "job/" + id).toString();
    }
}
