package dev.warden.firmware.repository;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Rows of {@code firmware_tuf_files} for one region. */
final class TufFileDao {
    private final Handle h;
    private final String region;

    TufFileDao(Handle h, String region) {
        this.h = h;
        this.region = region;
    }

    void put(String type, String name, String role, long version, byte[] content, Instant at) {
        h.createUpdate("DELETE FROM firmware_tuf_files WHERE region = :region AND thing_type = :type AND name = :name")
                .bind("region", region)
                .bind("type", type)
                .bind("name", name)
                .execute();
        h.createUpdate("INSERT INTO firmware_tuf_files (region, thing_type, name, role, version, content, written_at)"
                        + " VALUES (:region, :type, :name, :role, :version, :content, :at)")
                .bind("region", region)
                .bind("type", type)
                .bind("name", name)
                .bind("role", role)
                .bind("version", version)
                .bind("content", new String(content, java.nio.charset.StandardCharsets.UTF_8))
                .bind("at", at.toEpochMilli())
                .execute();
    }

    Optional<byte[]> get(String type, String name) {
        return h.createQuery("SELECT content FROM firmware_tuf_files WHERE region = :region AND thing_type = :type"
                        + " AND name = :name")
                .bind("region", region)
                .bind("type", type)
                .bind("name", name)
                .mapTo(String.class)
                .findOne()
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The newest file of {@code role} (the highest version). */
    Optional<byte[]> latest(String type, String role) {
        return h.createQuery("SELECT content FROM firmware_tuf_files WHERE region = :region AND thing_type = :type"
                        + " AND role = :role ORDER BY version DESC LIMIT 1")
                .bind("region", region)
                .bind("type", type)
                .bind("role", role)
                .mapTo(String.class)
                .findOne()
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    java.util.List<String> thingTypes() {
        return h.createQuery("SELECT DISTINCT thing_type FROM firmware_tuf_files WHERE region = :region")
                .bind("region", region)
                .mapTo(String.class)
                .list();
    }
}
