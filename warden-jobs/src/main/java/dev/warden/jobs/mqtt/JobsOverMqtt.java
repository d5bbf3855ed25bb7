package dev.warden.jobs.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.AcceptedPublish;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices' job requests. {@link #onPublish} runs on the broker's thread and only matches and queues; the work runs on
 * one {@code mqtt-jobs} thread behind a bounded queue (full: refused with {@code THROTTLED}, never waited for).
 */
public final class JobsOverMqtt implements PublishListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobsOverMqtt.class);
    private static final Pattern TOPIC =
            Pattern.compile("\\$warden/things/([A-Za-z0-9_.:-]{1,128})/jobs/(get|([A-Za-z0-9_-]{1,64})/(get|update))");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobService jobs;
    private final BiFunction<Job, String, Map<String, Object>> documents;
    private final ThreadPoolExecutor worker;
    private volatile Replies replies = Replies.NONE;

    /** Where replies and notifications go: the gateway in a node, a recorder in tests. */
    public interface Replies {
        Replies NONE = new Replies() {
            @Override
            public void toClient(String clientId, String topic, byte[] payload) {}

            @Override
            public List<String> clientsOf(String thing) {
                return List.of();
            }
        };

        void toClient(String clientId, String topic, byte[] payload);

        /** The client IDs a thing is connected with now. */
        List<String> clientsOf(String thing);
    }

    /**
     * @param documents what a thing is told to do for a job (the release to install, where to verify and fetch it),
     *                  made for that thing when it asks
     */
    public JobsOverMqtt(JobService jobs, BiFunction<Job, String, Map<String, Object>> documents, int queueCapacity) {
        this.jobs = jobs;
        this.documents = documents;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "mqtt-jobs");
            t.setDaemon(true);
            return t;
        });
    }

    public void attach(Replies replies) {
        this.replies = replies;
    }

    @Override
    public void onPublish(AcceptedPublish publish) {
        if (publish.identity() == null || publish.identity().isClaim()) {
            return;
        }
        Matcher m = TOPIC.matcher(publish.topic());
        if (!m.matches()) {
            return;
        }
        try {
            worker.execute(() -> answer(publish, m.group(1), m.group(3), m.group(4)));
        } catch (RejectedExecutionException e) {
            reply(publish, false, error("THROTTLED", "too many job requests queued; ask again later"));
        }
    }

    /** Tells a thing's connected clients that an execution of theirs is ready (the rollout reached them). */
    public void notifyThing(JobExecution execution) {
        String topic = "$warden/things/" + execution.thing() + "/jobs/notify";
        byte[] payload = json(Map.of("jobs", pendingView(execution.thing())));
        for (String client : replies.clientsOf(execution.thing())) {
            replies.toClient(client, topic, payload);
        }
    }

    private void answer(AcceptedPublish publish, String topicThing, String jobId, String verb) {
        try {
            String thing = publish.identity().thingName();
            if (!thing.equals(topicThing)) {
                reply(publish, false, error("ACCESS_DENIED", "a thing reaches only its own job executions"));
            } else if (jobId == null) {
                reply(publish, true, pendingView(thing));
            } else if ("get".equals(verb)) {
                reply(publish, true, Map.of("execution", executionView(pending(thing, jobId))));
            } else {
                reply(publish, true, Map.of("execution", executionView(update(thing, jobId, publish.payload()))));
            }
        } catch (JobException e) {
            reply(publish, false, error(e.reason().name(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("a job request of {} failed", publish.identity().thingName(), e);
            reply(publish, false, error("INTERNAL", "internal error"));
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

    private static Map<String, Object> error(String code, String message) {
        return Map.of("code", code, "message", message);
    }

    private void reply(AcceptedPublish request, boolean ok, Map<String, ?> body) {
        try {
            replies.toClient(request.clientId(), request.topic() + (ok ? "/accepted" : "/rejected"), json(body));
        } catch (RuntimeException e) {
            // Called from the broker's thread when throttled: a failed reply must not escape into routing.
            LOG.warn("job reply to {} failed: {}", request.clientId(), e.toString());
        }
    }

    private static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
