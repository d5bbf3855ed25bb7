package dev.warden.device.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufReason;
import dev.warden.tuf.client.TargetInfo;
import dev.warden.tuf.client.TrustedMetadata;
import dev.warden.tuf.client.TufClient;
import dev.warden.tuf.client.TufLimits;
import dev.warden.tuf.version.FirmwareVersion;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Verifies an update before anything is installed: the metadata chain from the device's trusted root (TUF), the
 * target's presence in signed metadata, its version against the stored minimum, its hardware, and the downloaded
 * bytes against the signed length and hashes. Each refusal is an {@link UpdateRefusedException} and leaves the
 * device as it was.
 */
public final class FirmwareUpdater {
    private final FileTrustedStore trusted;
    private final FirmwareState state;
    private final RepositoryHttp http;
    private final String hardware;
    private final Clock clock;

    /**
     * @param stateDir    where the trusted metadata and the firmware state are kept
     * @param shippedRoot the repository's root metadata the device was built with (used until a newer one is trusted)
     * @param httpsRoots  the Warden roots the image download's HTTPS is checked against
     * @param hardware    this device's hardware revision, or null
     */
    public FirmwareUpdater(
            Path stateDir, byte[] shippedRoot, List<X509Certificate> httpsRoots, String hardware, Clock clock) {
        this.trusted = new FileTrustedStore(stateDir.resolve("tuf"), shippedRoot);
        this.state = new FirmwareState(stateDir.resolve("firmware.json"));
        this.http = new RepositoryHttp(httpsRoots);
        this.hardware = hardware;
        this.clock = clock;
    }

    /** Refreshes the metadata at {@code metadata}, checks {@code target} and downloads it from {@code images}. */
    public VerifiedImage fetch(URI metadata, URI images, String target) {
        TrustedMetadata meta;
        try {
            meta = new TufClient((name, max) -> http.get(metadata, name, max), trusted, TufLimits.defaults())
                    .refresh(clock.instant());
        } catch (TufException e) {
            throw new UpdateRefusedException(UpdateRefusal.METADATA_INVALID, e.reason() + ": " + e.getMessage(), e);
        }
        TargetInfo info = meta.findTarget(target)
                .orElseThrow(() -> new UpdateRefusedException(
                        UpdateRefusal.NOT_RELEASED, "no signed metadata names " + target, null));
        JsonNode custom = info.file()
                .custom()
                .orElseThrow(() -> new UpdateRefusedException(
                        UpdateRefusal.NOT_RELEASED, target + " carries no version in its signed metadata", null));
        FirmwareVersion version = FirmwareVersion.parse(custom.path("version").asText());
        FirmwareVersion floor = FirmwareVersion.parse(custom.path("minVersion").asText(version.text()));
        if (version.isBelow(state.minimum())) {
            throw new UpdateRefusedException(
                    UpdateRefusal.ROLLBACK,
                    "version " + version + " is below this device's minimum " + state.minimum(),
                    null);
        }
        requireHardware(custom, target);
        byte[] bytes;
        try {
            bytes = meta.download(info, (path, max) -> http.get(images, path, max));
        } catch (TufException e) {
            UpdateRefusal reason =
                    e.reason() == TufReason.MISSING ? UpdateRefusal.UNREACHABLE : UpdateRefusal.IMAGE_INVALID;
            throw new UpdateRefusedException(reason, e.reason() + ": " + e.getMessage(), e);
        }
        return new VerifiedImage(target, version, floor, bytes);
    }

    /** Records that {@code image} was installed: the running version, and the minimum raised to its floor. */
    public void installed(VerifiedImage image) {
        state.installed(image.version(), image.minVersion());
    }

    public Optional<FirmwareVersion> running() {
        return state.running();
    }

    public FirmwareVersion minimum() {
        return state.minimum();
    }

    private void requireHardware(JsonNode custom, String target) {
        JsonNode fits = custom.path("hardware");
        if (hardware == null || !fits.isArray() || fits.isEmpty()) {
            return;
        }
        for (JsonNode revision : fits) {
            if (revision.asText().equals(hardware)) {
                return;
            }
        }
        throw new UpdateRefusedException(
                UpdateRefusal.WRONG_HARDWARE, target + " is not for hardware revision " + hardware, null);
    }
}
