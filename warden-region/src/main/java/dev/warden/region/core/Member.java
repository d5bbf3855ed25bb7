package dev.warden.region.core;

import java.time.Instant;

/**
 * A region of the deployment: its node, the URL of its link, its gateway's MQTT endpoint (where its devices are sent
 * when they knock at another region's door), its root certificate (PEM, pinned: a link peer is trusted only through
 * it) and whether it is still a member.
 */
public record Member(
        String region, String node, String linkUrl, String mqttUrl, String rootPem, Status status, Instant joinedAt) {
    /** Whether a region is in the deployment. */
    public enum Status {
        ACTIVE,
        LEFT
    }

    public Member withLinkUrl(String url) {
        return new Member(region, node, url, mqttUrl, rootPem, status, joinedAt);
    }

    public Member withStatus(Status value) {
        return new Member(region, node, linkUrl, mqttUrl, rootPem, value, joinedAt);
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
