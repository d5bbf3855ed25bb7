package dev.warden.registry.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** The monotonically increasing CRL number per region (RFC 5280 §5.2.3). */
public final class CrlStateDao {
    private final Handle handle;

    public CrlStateDao(Handle handle) {
        this.handle = handle;
    }

    /** Returns the next CRL number for the region and records it. */
    public long nextNumber(String region, Instant now) {
        int updated = handle.createUpdate(
                        "UPDATE crl_state SET crl_number = crl_number + 1, updated_at = :now WHERE region = :region")
                .bind("now", now.toEpochMilli())
                .bind("region", region)
                .execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO crl_state (region, crl_number, updated_at) VALUES (:region, 1, :now)")
                    .bind("region", region)
                    .bind("now", now.toEpochMilli())
                    .execute();
        }
        return handle.createQuery("SELECT crl_number FROM crl_state WHERE region = :region")
                .bind("region", region)
                .mapTo(Long.class)
                .one();
    }
}
