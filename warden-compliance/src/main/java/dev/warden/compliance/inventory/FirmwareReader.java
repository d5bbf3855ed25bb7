package dev.warden.compliance.inventory;

import dev.warden.firmware.FirmwareRelease;
import dev.warden.firmware.attestation.Attestation;
import dev.warden.firmware.attestation.AttestationRecords;
import dev.warden.firmware.store.ReleaseDao;
import dev.warden.storage.Database;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Things' last boot attestations, with whether the release each attested has been revoked since. */
final class FirmwareReader {
    private FirmwareReader() {}

    static List<BootView> boots(Database database, String region) {
        return database.read(h -> {
            Set<String> revoked = new HashSet<>();
            for (FirmwareRelease r : new ReleaseDao(h, region).list(null)) {
                if (r.revoked()) {
                    revoked.add(r.thingType() + "/" + r.version().text());
                }
            }
            return AttestationRecords.lastPerThing(h, region).stream()
                    .map(a -> view(a, revoked))
                    .toList();
        });
    }

    private static BootView view(Attestation a, Set<String> revoked) {
        return new BootView(
                a.thing(),
                a.at(),
                a.reason().name(),
                a.thingType(),
                a.version(),
                a.digest(),
                a.accepted() && revoked.contains(a.thingType() + "/" + a.version()));
    }
}
