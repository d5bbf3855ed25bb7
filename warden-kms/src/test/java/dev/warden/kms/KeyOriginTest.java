package dev.warden.kms;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key origins on a node without an HSM: every key is the KMS's own, and origin HSM is refused with its reason. */
class KeyOriginTest {
    @TempDir
    Path dir;

    @Test
    void aNodeWithoutAnHsmRefusesOriginHsmAndCreatesNothing() {
        KmsFixture.RecordedEvents events = new KmsFixture.RecordedEvents();
        try (Database db = Database.open(null, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), events);
            assertThat(kms.hsmConfigured()).isFalse();

            KmsException refused = catchThrowableOfType(
                    KmsException.class,
                    () -> kms.createKey("acme", "tuf-root", "", KeySpec.ECC_NIST_P256, KeyOrigin.HSM));

            assertThat(refused.reason()).isEqualTo(KmsReason.HSM_NOT_CONFIGURED);
            assertThat(refused.getMessage()).contains("no HSM configured");
            assertThat(kms.listKeys()).isEmpty();
            assertThat(events.snapshot())
                    .filteredOn(e -> e.operation().equals("kms:CreateKey"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.failure()).isEqualTo(KmsReason.HSM_NOT_CONFIGURED));
        }
    }

    @Test
    void keysAreTheKmsOwnByDefaultAndOriginsParseAsTheCliWritesThem() {
        try (Database db = Database.open(null, dir)) {
            KeyManagementService kms = KmsFixture.kms(db, REGION, new MutableClock(KmsFixture.START), KmsEvents.NONE);
            assertThat(kms.createKey("acme", "signer", "", KeySpec.ECC_NIST_P256)
                            .origin())
                    .isEqualTo(KeyOrigin.KMS);
        }
        assertThat(KeyOrigin.parse("hsm")).isEqualTo(KeyOrigin.HSM);
        assertThat(KeyOrigin.parse(null)).isEqualTo(KeyOrigin.KMS);
        assertThat(catchThrowableOfType(KmsException.class, () -> KeyOrigin.parse("cloudhsm"))
                        .reason())
                .isEqualTo(KmsReason.INVALID_ARGUMENT);
    }
}
