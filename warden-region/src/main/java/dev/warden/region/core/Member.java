package dev.warden.region.core;

import java.time.Instant;

/**
 * A region of the deployment: its node, the URL of its link, its gateway's MQTT endpoint (where its devices are sent
 * when they knock at another region's door), its root certificate (PEM, pinned: a link peer is trusted only through
 * it), whether it is still a member, and its standby: the region of the same jurisdiction that serves its devices when
 * it is failed over (empty for none).
 */
public record Member(
        String region,
        String node,
        String linkUrl,
        String mqttUrl,
        String rootPem,
        Status status,
        Instant joinedAt,
        String standby) {
    /** Whether a region is in the deployment. */
    public enum Status {
        ACTIVE,
        LEFT
    }

    public Member {
        standby = standby == null ? "" : standby;
    }

    /** A member without a standby. */
    public Member(
            String region,
            String node,
            String linkUrl,
            String mqttUrl,
            String rootPem,
            Status status,
            Instant joinedAt) {
        this(region, node, linkUrl, mqttUrl, rootPem, status, joinedAt, "");
    }

    public Member withLinkUrl(String url) {
        return new Member(region, node, url, mqttUrl, rootPem, status, joinedAt, standby);
    }

    public Member withStatus(Status value) {
        return new Member(region, node, linkUrl, mqttUrl, rootPem, value, joinedAt, standby);
    }

    public Member withStandby(String value) {
        return new Member(region, node, linkUrl, mqttUrl, rootPem, status, joinedAt, value);
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
