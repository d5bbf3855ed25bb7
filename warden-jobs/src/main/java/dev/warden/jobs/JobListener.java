package dev.warden.jobs;

/**
 * Told of what the rollout does on its own, after it is committed: a thing's turn came (notify the device), an
 * execution timed out, a job aborted or completed. The node notifies devices over MQTT and audits the rest.
 */
public interface JobListener {
    JobListener NONE = new JobListener() {};

    default void notified(JobExecution execution) {}

    default void timedOut(JobExecution execution) {}

    default void aborted(Job job, String why) {}

    default void completed(Job job) {}
}
