package dev.warden.registry;

import dev.warden.pki.RevocationReason;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to certificates after issuance: revocation (terminal), deactivation and activation, and the end of a
 * rotation's overlap. Each change is one transaction, published (index, audit, OCSP, CRL) only after it commits.
 */
final class CertificateStatusChanges {
    // Under the service's logger, as before the split, so that operators' log filters still match.
    private static final Logger LOG = LoggerFactory.getLogger(CertificateService.class);

    private final Database database;
    private final Consumer<CertificateRecord> publish;
    private final Clock clock;

    CertificateStatusChanges(Database database, Consumer<CertificateRecord> publish, Clock clock) {
        this.database = database;
        this.publish = publish;
        this.clock = clock;
    }

    /** Revokes one certificate. Unknown serial: 404; already revoked: 409 (REVOKED is terminal). */
    CertificateRecord revoke(String serial, RevocationReason reason) {
        String normalized = CertificateService.normalizeSerial(serial);
        CertificateRecord revoked = database.inTransaction(h -> {
            CertificateDao certs = new CertificateDao(h);
            CertificateRecord current = certs.find(normalized)
                    .orElseThrow(() -> new RegistryException(
                            RegistryReason.UNKNOWN_CERTIFICATE, "no certificate with serial " + normalized));
            if (current.status() == CertificateStatus.REVOKED) {
                throw new RegistryException(
                        RegistryReason.ALREADY_REVOKED, "certificate " + normalized + " is already revoked");
            }
            certs.revoke(normalized, reason.rfcName(), clock.instant());
            return certs.find(normalized).orElseThrow();
        });
        publish.accept(revoked);
        LOG.info("revoked certificate {} ({})", normalized, reason.rfcName());
        return revoked;
    }

    /** Revokes every certificate attached to a thing that is not revoked yet. */
    List<CertificateRecord> revokeThing(String thingName, RevocationReason reason) {
        List<CertificateRecord> revoked = database.inTransaction(h -> {
            if (new ThingDao(h).find(thingName).isEmpty()) {
                throw new RegistryException(RegistryReason.UNKNOWN_THING, "no thing named '" + thingName + "'");
            }
            CertificateDao certs = new CertificateDao(h);
            List<CertificateRecord> result = new ArrayList<>();
            for (CertificateRecord c : certs.forThing(thingName)) {
                if (c.status() != CertificateStatus.REVOKED) {
                    certs.revoke(c.serial(), reason.rfcName(), clock.instant());
                    result.add(certs.find(c.serial()).orElseThrow());
                }
            }
            return result;
        });
        revoked.forEach(publish);
        LOG.info("revoked {} certificate(s) of thing {} ({})", revoked.size(), thingName, reason.rfcName());
        return revoked;
    }

    /** Deactivates every ACTIVE certificate of a thing in one transaction; returns those it deactivated. */
    List<CertificateRecord> deactivateThing(String thingName) {
        List<CertificateRecord> deactivated = database.inTransaction(h -> {
            if (new ThingDao(h).find(thingName).isEmpty()) {
                throw new RegistryException(RegistryReason.UNKNOWN_THING, "no thing named '" + thingName + "'");
            }
            CertificateDao certs = new CertificateDao(h);
            List<CertificateRecord> result = new ArrayList<>();
            for (CertificateRecord c : certs.forThing(thingName)) {
                if (c.status() == CertificateStatus.ACTIVE) {
                    certs.setStatus(c.serial(), CertificateStatus.INACTIVE, clock.instant());
                    result.add(certs.find(c.serial()).orElseThrow());
                }
            }
            return result;
        });
        deactivated.forEach(publish);
        LOG.info("deactivated {} certificate(s) of thing {}", deactivated.size(), thingName);
        return deactivated;
    }

    /** ACTIVE or INACTIVE; a revoked certificate cannot change status. */
    CertificateRecord setStatus(String serial, CertificateStatus status) {
        if (status != CertificateStatus.ACTIVE && status != CertificateStatus.INACTIVE) {
            throw new RegistryException(
                    RegistryReason.INVALID_STATUS, "status must be ACTIVE or INACTIVE (revoke to revoke)");
        }
        String normalized = CertificateService.normalizeSerial(serial);
        CertificateRecord updated = database.inTransaction(h -> {
            CertificateDao certs = new CertificateDao(h);
            CertificateRecord current = certs.find(normalized)
                    .orElseThrow(() -> new RegistryException(
                            RegistryReason.UNKNOWN_CERTIFICATE, "no certificate with serial " + normalized));
            if (current.status() == CertificateStatus.REVOKED) {
                throw new RegistryException(
                        RegistryReason.ALREADY_REVOKED, "a revoked certificate cannot change status");
            }
            certs.setStatus(normalized, status, clock.instant());
            return certs.find(normalized).orElseThrow();
        });
        publish.accept(updated);
        return updated;
    }

    /** Ends the overlap of rotated certificates whose time has come. */
    int deactivateDue() {
        List<CertificateRecord> changed = database.inTransaction(h -> {
            CertificateDao certs = new CertificateDao(h);
            List<CertificateRecord> result = new ArrayList<>();
            for (CertificateRecord c : certs.dueForDeactivation(clock.instant())) {
                certs.setStatus(c.serial(), CertificateStatus.INACTIVE, clock.instant());
                result.add(certs.find(c.serial()).orElseThrow());
            }
            return result;
        });
        changed.forEach(publish);
        return changed.size();
    }
}
