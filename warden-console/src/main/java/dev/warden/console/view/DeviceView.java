package dev.warden.console.view;

import java.util.List;
import java.util.Map;

/**
 * A device's page: the thing, its attributes (shown as text, whatever they hold), attached policies, certificates,
 * the live MQTT sessions on this node, the reasons a certificate may be revoked with, and whether the device is in
 * the quarantine thing group.
 */
public record DeviceView(
        Frame frame,
        String name,
        String thingType,
        String createdAt,
        Map<String, String> attributes,
        List<String> policies,
        List<CertificateRow> certificates,
        List<SessionRow> sessions,
        List<String> revocationReasons,
        boolean quarantined,
        String notice) {
    /** One live connection: the client ID it connected with, the address it came from, and since when. */
    public record SessionRow(String clientId, String sourceIp, String since) {}
}
