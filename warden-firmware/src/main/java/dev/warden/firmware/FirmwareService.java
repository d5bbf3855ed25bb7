package dev.warden.firmware;

import dev.warden.firmware.images.ImageStore;
import dev.warden.firmware.store.ReleaseDao;
import dev.warden.storage.Database;
import dev.warden.tuf.version.FirmwareVersion;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Publishes, lists and revokes the region's firmware releases. A release row is written only after its whole image is
 * stored, so that no device is ever offered a release whose image is not all there; a refused publish writes no row.
 */
public final class FirmwareService {
    /** Larger images would have to be streamed; the API reads a request whole. */
    public static final int MAX_IMAGE_BYTES = 32 * 1024 * 1024;

    private static final Pattern THING_TYPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HARDWARE = Pattern.compile("[A-Za-z0-9_.+-]{1,64}");
    private static final int MAX_HARDWARE = 32;
    private static final int MAX_REASON = 512;

    private final Database db;
    private final ImageStore images;
    private final String region;
    private final Clock clock;
    private volatile FirmwareListener listener = FirmwareListener.NONE;

    public FirmwareService(Database db, ImageStore images, String region, Clock clock) {
        this.db = db;
        this.images = images;
        this.region = region;
        this.clock = clock;
    }

    /** Set once by the node, before any request: who signs the update metadata again after a change. */
    public void listener(FirmwareListener listener) {
        this.listener = listener;
    }

    public String region() {
        return region;
    }

    /** Publishes a release as {@code principal}; refused, with nothing stored, when it exists or is invalid. */
    public FirmwareRelease publish(PublishRequest request, String principal) {
        String type = requireThingType(request.thingType());
        FirmwareVersion version = version(request.version());
        FirmwareVersion min = request.minVersion() == null ? version : version(request.minVersion());
        if (version.isBelow(min)) {
            throw new FirmwareException(
                    FirmwareReason.MIN_VERSION_ABOVE_VERSION,
                    "min-version " + min + " is above the release's own version " + version);
        }
        requireHardware(request.hardware());
        byte[] image = request.image();
        if (image == null || image.length == 0) {
            throw new FirmwareException(FirmwareReason.IMAGE_EMPTY, "the image is empty");
        }
        if (image.length > MAX_IMAGE_BYTES) {
            throw new FirmwareException(
                    FirmwareReason.IMAGE_TOO_LARGE, "an image has at most " + MAX_IMAGE_BYTES + " bytes");
        }
        if (find(type, version).isPresent()) {
            throw exists(type, version);
        }
        String sha256 = ImageStore.sha256(image);
        int parts = images.put(type, version.text(), sha256, image);
        FirmwareRelease release = new FirmwareRelease(
                type,
                version,
                min,
                image.length,
                sha256,
                ImageStore.sha512(image),
                request.hardware(),
                parts,
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                principal,
                Optional.empty());
        db.useTransaction(h -> {
            ReleaseDao dao = new ReleaseDao(h, region);
            if (dao.find(type, version).isPresent()) {
                throw exists(type, version);
            }
            dao.insert(release);
        });
        listener.releasesChanged(type);
        return release;
    }

    /** Revokes a release: it leaves the update metadata, and its image is no longer served. */
    public FirmwareRelease revoke(String thingType, String version, String reason, String principal) {
        FirmwareRelease release = release(thingType, version);
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw new FirmwareException(
                    FirmwareReason.INVALID_REASON, "a revocation needs a reason of 1-" + MAX_REASON + " characters");
        }
        FirmwareRelease.Revocation how =
                new FirmwareRelease.Revocation(clock.instant().truncatedTo(ChronoUnit.MILLIS), principal, reason);
        boolean done =
                db.inTransaction(h -> new ReleaseDao(h, region).revoke(release.thingType(), release.version(), how));
        if (!done) {
            throw revoked(release);
        }
        listener.releasesChanged(release.thingType());
        return release.revoke(how);
    }

    /** One release, revoked or not. */
    public FirmwareRelease release(String thingType, String version) {
        String type = requireThingType(thingType);
        FirmwareVersion v = version(version);
        return find(type, v)
                .orElseThrow(() -> new FirmwareException(
                        FirmwareReason.NO_SUCH_RELEASE, "no release " + v + " of thing type " + type));
    }

    /** Releases of {@code thingType} (of every type when null), newest first within a type. */
    public List<FirmwareRelease> list(String thingType) {
        String type = thingType == null ? null : requireThingType(thingType);
        return db.read(h -> new ReleaseDao(h, region).list(type));
    }

    public List<String> thingTypes() {
        return db.read(h -> new ReleaseDao(h, region).thingTypes());
    }

    /** The image of a release that is not revoked, checked against its published SHA-256. */
    public byte[] image(String thingType, String version) {
        FirmwareRelease release = release(thingType, version);
        if (release.revoked()) {
            throw revoked(release);
        }
        return images.read(release);
    }

    private Optional<FirmwareRelease> find(String type, FirmwareVersion version) {
        return db.read(h -> new ReleaseDao(h, region).find(type, version));
    }

    /** A version given by a caller: refused as INVALID_VERSION rather than as a bare IllegalArgumentException. */
    private static FirmwareVersion version(String text) {
        try {
            return FirmwareVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FirmwareException(FirmwareReason.INVALID_VERSION, e.getMessage());
        }
    }

    private static String requireThingType(String type) {
        if (type == null || !THING_TYPE.matcher(type).matches()) {
            throw new FirmwareException(
                    FirmwareReason.INVALID_THING_TYPE, "a thing type is 1-64 characters of A-Z a-z 0-9 _ -");
        }
        return type;
    }

    private static void requireHardware(List<String> hardware) {
        if (hardware.size() > MAX_HARDWARE
                || hardware.stream().anyMatch(h -> !HARDWARE.matcher(h).matches())) {
            throw new FirmwareException(
                    FirmwareReason.INVALID_HARDWARE,
                    "at most " + MAX_HARDWARE + " hardware revisions of 1-64 characters of A-Z a-z 0-9 _ . + -");
        }
    }

    private static FirmwareException exists(String type, FirmwareVersion version) {
        return new FirmwareException(
                FirmwareReason.RELEASE_EXISTS,
                "thing type " + type + " has a release " + version + " already: a published release is never replaced");
    }

    private static FirmwareException revoked(FirmwareRelease release) {
        return new FirmwareException(
                FirmwareReason.RELEASE_REVOKED,
                "release " + release.version() + " of " + release.thingType() + " is revoked");
    }
}
