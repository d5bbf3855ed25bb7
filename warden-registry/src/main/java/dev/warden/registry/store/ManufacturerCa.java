package dev.warden.registry.store;

import java.time.Instant;

/** A device maker's CA registered for just-in-time provisioning (JITP) through a template. */
public record ManufacturerCa(
        String fingerprint, String subject, String pem, String templateName, String status, Instant createdAt) {
    public boolean active() {
        return "ACTIVE".equals(status);
    }
}
