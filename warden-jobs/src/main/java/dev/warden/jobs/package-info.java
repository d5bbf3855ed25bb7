/**
 * Over-the-air jobs, as AWS IoT Jobs: a job targets things and thing groups with a document (here: install a firmware
 * release), each thing gets an execution, the rollout notifies things no faster than its rate, executions in progress
 * time out, and the job aborts itself when its abort criteria are met. {@link dev.warden.jobs.JobService} owns the
 * tables; the rules it applies are the pure classes of {@link dev.warden.jobs.rollout}. Devices reach their executions
 * through the node (over MQTT); who may target what is decided by IAM before this package is called.
 */
package dev.warden.jobs;
