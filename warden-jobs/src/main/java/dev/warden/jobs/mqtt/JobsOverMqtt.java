package dev.warden.jobs.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceRequests;
import dev.warden.gateway.PublishListener;
import dev.warden.jobs.Job;
import dev.warden.jobs.JobException;
import dev.warden.jobs.JobExecution;
import dev.warden.jobs.JobService;
import dev.warden.jobs.rollout.ExecutionStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Devices' job requests, as every platform request topic ({@link DeviceRequests}): one {@code mqtt-jobs} thread behind
 * a bounded queue, a thing's own topics only, the answer to the asking client alone.
 */
public final class JobsOverMqtt implements PublishListener, AutoCloseable {
    private static final Pattern TOPIC =
            Pattern.compile("\\$warden/things/([A-Za-z0-9_.:-]{1,128})/jobs/(get|([A-Za-z0-9_-]{1,64})/(get|update))");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobService jobs;
    private final BiFunction<Job, String, Map<String, Object>> documents;
    private final DeviceRequests requests;
    private volatile Function<String, List<String>> clientsOf = thing -> List.of();

    /**
     * @param documents what a thing is told to do for a job (the release to install, where to verify and fetch it),
     *                  made for that thing when it asks
     */
    public JobsOverMqtt(JobService jobs, BiFunction<Job, String, Map<String, Object>> documents, int queueCapacity) {
        this.jobs = jobs;
        this.documents = documents;
        this.requests = new DeviceRequests("mqtt-jobs", TOPIC, queueCapacity, "job", this::answer);
    }

    /** @param clientsOf the client IDs a thing is connected with now (whom a notification goes to) */
    public void attach(DeviceRequests.Replies replies, Function<String, List<String>> clientsOf) {
        requests.attach(replies);
        this.clientsOf = clientsOf;
    }

    @Override
    public void onPublish(AcceptedPublish publish) {
        requests.onPublish(publish);
    }

    /** Tells a thing's connected clients that an execution of theirs is ready (the rollout reached them). */
    public void notifyThing(JobExecution execution) {
        String topic = "$warden/things/" + execution.thing() + "/jobs/notify";
        Map<String, Object> body = Map.of("jobs", pendingView(execution.thing()));
        for (String client : clientsOf.apply(execution.thing())) {
            requests.send(client, topic, body);
        }
    }

    private void answer(AcceptedPublish publish, Matcher topic) {
        String thing = publish.identity().thingName();
        String jobId = topic.group(3);
        try {
            if (jobId == null) {
                requests.accept(publish, pendingView(thing));
            } else if ("get".equals(topic.group(4))) {
                requests.accept(publish, Map.of("execution", executionView(pending(thing, jobId))));
            } else {
                requests.accept(publish, Map.of("execution", executionView(update(thing, jobId, publish.payload()))));
            }
        } catch (JobException e) {
            requests.reject(publish, e.reason().name(), e.getMessage());
        }
    }

    private JobExecution pending(String thing, String jobId) {
        return jobs.pendingFor(thing).stream()
                .filter(e -> e.jobId().equals(jobId))
                .findFirst()
                .orElseThrow(() -> new JobException(
                        dev.warden.jobs.JobReason.NO_SUCH_EXECUTION, "no pending execution of job " + jobId));
    }

    private JobExecution update(String thing, String jobId, byte[] payload) {
        JsonNode body;
        try {
            body = JSON.readTree(payload);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("status").isTextual()) {
            throw new JobException(
                    dev.warden.jobs.JobReason.INVALID_TRANSITION, "an update is {\"status\": ..., ...} in JSON");
        }
        ExecutionStatus status;
        try {
            status = ExecutionStatus.valueOf(body.get("status").asText());
        } catch (IllegalArgumentException e) {
            throw new JobException(dev.warden.jobs.JobReason.INVALID_TRANSITION, "unknown status");
        }
        Long expected = body.path("expectedVersion").canConvertToLong()
                ? body.get("expectedVersion").asLong()
                : null;
        Map<String, String> details = null;
        if (body.path("statusDetails").isObject()) {
            details = new LinkedHashMap<>();
            for (var it = body.get("statusDetails").fields(); it.hasNext(); ) {
                var field = it.next();
                details.put(field.getKey(), field.getValue().asText());
            }
        }
        return jobs.deviceUpdate(thing, jobId, status, expected, details);
    }

    private Map<String, Object> pendingView(String thing) {
        Map<String, Object> view = new LinkedHashMap<>();
        List<JobExecution> pending = jobs.pendingFor(thing);
        view.put("inProgressJobs", summaries(pending, ExecutionStatus.IN_PROGRESS));
        view.put("queuedJobs", summaries(pending, ExecutionStatus.QUEUED));
        return view;
    }

    private static List<Map<String, Object>> summaries(List<JobExecution> pending, ExecutionStatus status) {
        return pending.stream()
                .filter(e -> e.status() == status)
                .map(e -> Map.<String, Object>of(
                        "jobId", e.jobId(),
                        "versionNumber", e.version(),
                        "queuedAt", e.queuedAt().toString()))
                .toList();
    }

    private Map<String, Object> executionView(JobExecution e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", e.jobId());
        view.put("thingName", e.thing());
        view.put("status", e.status().name());
        view.put("versionNumber", e.version());
        view.put("statusDetails", e.details());
        view.put("jobDocument", documents.apply(jobs.job(e.jobId()), e.thing()));
        return view;
    }

    @Override
    public void close() {
        requests.close();
    }
}
