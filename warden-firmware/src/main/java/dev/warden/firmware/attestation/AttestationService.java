package dev.warden.firmware.attestation;

import dev.warden.firmware.FirmwareRelease;
import dev.warden.firmware.FirmwareService;
import dev.warden.storage.Database;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Boot attestation with storage and a clock: issues nonces, judges reports with {@link AttestationVerifier} in the
 * transaction that spends the nonce (so a report can be accepted once), and keeps every verdict.
 */
public final class AttestationService {
    /** How long a device has to answer with its report. */
    public static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    /** Nonces a thing may hold unanswered at once; asking for one more withdraws the oldest. */
    public static final int MAX_OUTSTANDING = 4;
    /** Spent and expired nonces are kept this long, so that a late replay is named as such. */
    static final Duration NONCE_MEMORY = Duration.ofDays(1);

    private static final Pattern THING_TYPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Database db;
    private final FirmwareService firmware;
    private final String region;
    private final Clock clock;
    private final SecureRandom random;

    public AttestationService(Database db, FirmwareService firmware, String region, Clock clock, SecureRandom random) {
        this.db = db;
        this.firmware = firmware;
        this.region = region;
        this.clock = clock;
        this.random = random;
    }

    /** A fresh nonce for {@code thing}'s next report: 32 random bytes, base64url, valid for five minutes. */
    public IssuedNonce issueNonce(String thing) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = now();
        AttestationNonce nonce = new AttestationNonce(value, thing, now, now.plus(NONCE_LIFETIME), false);
        db.useTransaction(h -> {
            AttestationDao dao = new AttestationDao(h, region);
            dao.forgetNonces(thing, now.minus(NONCE_MEMORY));
            dao.withdrawOldest(thing, now, MAX_OUTSTANDING);
            dao.insertNonce(nonce);
        });
        return new IssuedNonce(value, nonce.expiresAt());
    }

    /**
     * Judges {@code thing}'s report and stores the verdict; a report that reached the image checks spends its nonce,
     * whatever its verdict.
     *
     * @param thingType the thing's type in the registry (null when it has none: no release can match)
     * @param key       the public key of the certificate the thing connected with
     */
    public AttestationResult verify(String thing, String thingType, PublicKey key, String jws) {
        List<FirmwareRelease> releases =
                thingType == null || !THING_TYPE.matcher(thingType).matches() ? List.of() : firmware.list(thingType);
        Instant now = now();
        return db.inTransaction(h -> {
            AttestationDao dao = new AttestationDao(h, region);
            AttestationResult r =
                    AttestationVerifier.verify(jws, key, thing, dao::nonce, now, releases, dao.minimum(thing));
            if (r.reason().spendsNonce() && !dao.spend(r.nonce())) {
                r = r.withReason(AttestationReason.NONCE_REUSED, "the nonce was used already");
            }
            dao.insert(
                    new Attestation(
                            thing,
                            now,
                            r.reason(),
                            r.message(),
                            r.thingType(),
                            r.version(),
                            r.digest(),
                            r.minVersion() == null ? null : r.minVersion().text()),
                    r.minVersion());
            return r;
        });
    }

    /** The thing's last verified boot and its last report. */
    public AttestationStatus last(String thing) {
        return db.read(h -> {
            AttestationDao dao = new AttestationDao(h, region);
            return new AttestationStatus(thing, dao.last(thing, true), dao.last(thing, false));
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
