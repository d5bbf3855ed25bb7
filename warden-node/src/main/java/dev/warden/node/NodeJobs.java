package dev.warden.node;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.gateway.MqttGateway;
import dev.warden.gateway.SessionRegistry;
import dev.warden.jobs.Job;
import dev.warden.jobs.JobException;
import dev.warden.jobs.JobExecution;
import dev.warden.jobs.JobListener;
import dev.warden.jobs.JobReason;
import dev.warden.jobs.JobService;
import dev.warden.jobs.JobTargets;
import dev.warden.jobs.mqtt.JobsOverMqtt;
import dev.warden.policy.Arn;
import dev.warden.registry.store.ThingDao;
import dev.warden.registry.store.ThingGroupDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Over-the-air jobs in the node: the job service over the registry's things and groups, its rollout pass once a
 * second on a thread of its own, devices reached over the gateway, and what the rollout does on its own audited as
 * the system (notifications are not: each thing's later update is).
 */
final class NodeJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeJobs.class);

    private final JobService service;
    private final JobsOverMqtt mqtt;
    private final ScheduledExecutorService rollout;

    /** @param documents what a thing is told to do for a job, made when it asks (see {@link NodeFirmware#document}) */
    NodeJobs(
            Database db,
            BiFunction<Job, String, Map<String, Object>> documents,
            NodeAudit audit,
            String region,
            String account,
            Clock clock) {
        this.service = new JobService(db, targets(db), region, clock);
        this.mqtt = new JobsOverMqtt(service, documents, 1_000);
        String prefix = Arn.prefix("iot", region, account);
        service.listener(new JobListener() {
            @Override
            public void notified(JobExecution execution) {
                mqtt.notifyThing(execution);
            }

            @Override
            public void deviceReported(JobExecution execution) {
                audit.record(audit.event("iot:UpdateJobExecution")
                        .principal(AuditPrincipal.thing(execution.thing(), null))
                        .resource(prefix + "job/" + execution.jobId())
                        .result(AuditResult.ALLOW)
                        .detail("status", execution.status().name())
                        .detail("versionNumber", execution.version()));
            }

            @Override
            public void deviceRefused(
                    String thing, String jobId, dev.warden.jobs.rollout.ExecutionStatus asked, JobReason reason) {
                audit.record(audit.event("iot:UpdateJobExecution")
                        .principal(AuditPrincipal.thing(thing, null))
                        .resource(prefix + "job/" + jobId)
                        .result(AuditResult.DENY)
                        .detail("status", asked.name())
                        .detail("reason", reason.name()));
            }

            @Override
            public void timedOut(JobExecution execution) {
                audit.record(audit.event("iot:JobExecutionTimedOut")
                        .principal(AuditPrincipal.SYSTEM)
                        .resource(prefix + "job/" + execution.jobId())
                        .result(AuditResult.ALLOW)
                        .detail("thing", execution.thing()));
            }

            @Override
            public void aborted(Job job, String why) {
                audit.record(audit.event("iot:AbortJob")
                        .principal(AuditPrincipal.SYSTEM)
                        .resource(prefix + "job/" + job.id())
                        .result(AuditResult.ALLOW)
                        .detail("reason", why));
            }

            @Override
            public void completed(Job job) {
                audit.record(audit.event("iot:CompleteJob")
                        .principal(AuditPrincipal.SYSTEM)
                        .resource(prefix + "job/" + job.id())
                        .result(AuditResult.ALLOW));
            }
        });
        this.rollout = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-jobs");
            t.setDaemon(true);
            return t;
        });
    }

    /** Devices are reached through {@code gateway}, and the rollout starts. */
    NodeJobs start(MqttGateway gateway) {
        SessionRegistry sessions = gateway.sessions();
        mqtt.attach(
                gateway::publishToClient,
                thing -> sessions.sessionsOf(thing).stream()
                        .map(SessionRegistry.LiveSession::clientId)
                        .toList());
        rollout.scheduleWithFixedDelay(this::pass, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    JobService service() {
        return service;
    }

    JobsOverMqtt mqtt() {
        return mqtt;
    }

    private void pass() {
        try {
            service.tick();
        } catch (RuntimeException e) {
            LOG.error("a rollout pass failed; the next one runs in a second", e);
        }
    }

    private static JobTargets targets(Database db) {
        return (things, groups) -> db.read(h -> {
            Map<String, String> out = new LinkedHashMap<>();
            ThingDao thingDao = new ThingDao(h);
            for (String name : things) {
                out.put(
                        name,
                        thingDao.find(name)
                                .orElseThrow(() -> new JobException(JobReason.UNKNOWN_THING, "no thing " + name))
                                .thingType());
            }
            ThingGroupDao groupDao = new ThingGroupDao(h);
            for (String group : groups) {
                if (!groupDao.exists(group)) {
                    throw new JobException(JobReason.UNKNOWN_THING_GROUP, "no thing group " + group);
                }
                out.putAll(groupDao.membersWithTypes(group));
            }
            return out;
        });
    }

    @Override
    public void close() {
        rollout.shutdownNow();
        try {
            // A pass in flight commits (or rolls back) before the node closes the database.
            rollout.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mqtt.close();
    }
}
