package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Jurisdictions;
import dev.warden.region.core.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The membership as the link carries it (the control region's answer to JOIN and DEPLOYMENT): the deployment, its
 * control and audit regions, the IAM signing key, each member's endpoints and pinned root, and the jurisdictions.
 * Public material only.
 */
final class MembershipJson {
    private MembershipJson() {}

    static Map<String, Object> describe(
            Deployment d, List<Member> members, Jurisdictions jurisdictions, String tokenKey) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("deployment", d.id());
        reply.put("controlRegion", d.controlRegion());
        reply.put("auditRegion", d.auditRegion());
        reply.put("iamPublicKey", d.iamPublicKey());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Member m : members) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("region", m.region());
            row.put("node", m.node());
            row.put("linkUrl", m.linkUrl());
            row.put("mqttUrl", m.mqttUrl());
            row.put("root", m.rootPem());
            row.put("status", m.status().name());
            row.put("joinedAt", m.joinedAt().toEpochMilli());
            row.put("standby", m.standby());
            rows.add(row);
        }
        reply.put("members", rows);
        reply.put("jurisdictions", jurisdictions.byJurisdiction());
        if (tokenKey != null && !tokenKey.isEmpty()) {
            reply.put("tokenKey", tokenKey);
        }
        return reply;
    }

    static List<Member> members(JsonNode reply) {
        List<Member> members = new ArrayList<>();
        for (JsonNode m : reply.path("members")) {
            members.add(new Member(
                    m.path("region").asText(),
                    m.path("node").asText(),
                    m.path("linkUrl").asText(),
                    m.path("mqttUrl").asText(""),
                    m.path("root").asText(),
                    Member.Status.valueOf(m.path("status").asText("ACTIVE")),
                    Instant.ofEpochMilli(m.path("joinedAt").asLong()),
                    m.path("standby").asText("")));
        }
        return members;
    }
}
