/**
 * Incidents at work: opening (by hand, from an alarm or a finding, by a drill), moving through the phases, tasks,
 * containment, the status page's updates, and the clocks that warn and record breaches on time, across restarts.
 * Every change is written to the incident tables and, as the evidence, to the region's audit hash chain under the
 * incident's ARN ({@code arn:warden:incident:<region>:<account>:incident/<id>}): the timeline is that chain's events.
 */
package dev.warden.incident.service;
