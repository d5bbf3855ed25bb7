package dev.warden.jobs;

/**
 * Told of what happens to executions, after it is committed: a thing's turn came (notify the device), a device
 * reported or was refused, an execution timed out, a job aborted or completed. The node notifies devices over MQTT
 * and audits the rest.
 */
public interface JobListener {
    JobListener NONE = new JobListener() {};

    default void notified(JobExecution execution) {}

    /** A device moved its own execution (committed). */
    default void deviceReported(JobExecution execution) {}

    /** A device's update was refused; nothing changed. */
    default void deviceRefused(
            String thing, String jobId, dev.warden.jobs.rollout.ExecutionStatus asked, JobReason reason) {}

    default void timedOut(JobExecution execution) {}

    default void aborted(Job job, String why) {}

    default void completed(Job job) {}
}
