/**
 * Jobs over MQTT, as AWS IoT Jobs' MQTT API under {@code $warden/things/<thingName>/jobs/}: a device asks for its
 * pending executions ({@code get}), for one ({@code <jobId>/get}), updates one ({@code <jobId>/update}), and is told of
 * new ones on {@code notify}. Replies go to the asking client only, on the request's topic with {@code /accepted} or
 * {@code /rejected}. A thing reaches only its own executions: the default device policy allows no other thing's
 * topics, and a request naming another thing is refused here as well.
 */
package dev.warden.jobs.mqtt;
