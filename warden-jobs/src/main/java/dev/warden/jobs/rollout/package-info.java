/**
 * The rules of a rollout, pure: which execution states may follow which, how many things may be notified now (a
 * constant rate or an exponential one that grows on success), when a job must abort, which executions have timed
 * out, and whether a maintenance window is open. No clock, no thread, no I/O: the instant and the counts are passed in,
 * so that the service that stores jobs decides exactly as these classes' tests do.
 */
package dev.warden.jobs.rollout;
