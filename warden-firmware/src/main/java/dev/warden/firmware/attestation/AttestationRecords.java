package dev.warden.firmware.attestation;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** Read-only access to the stored verdicts, for compliance (which reads every capability's tables, never writes). */
public final class AttestationRecords {
    private AttestationRecords() {}

    /** Every thing's last report, on the caller's handle. */
    public static List<Attestation> lastPerThing(Handle h, String region) {
        return new AttestationDao(h, region).lastPerThing();
    }
}
