package dev.warden.compliance.checks;

import static dev.warden.compliance.checks.TestInventory.CONTEXT;
import static dev.warden.compliance.checks.TestInventory.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.inventory.BootView;
import org.junit.jupiter.api.Test;

/** FIRMWARE_UNRELEASED_OR_REVOKED on hand-built last boots. */
class FirmwareCheckTest {
    @Test
    void devicesRunningUnreleasedOrRevokedFirmwareAreListedOthersNot() {
        TestInventory fleet = new TestInventory();
        fleet.boots.add(boot("ok-1", "OK", false));
        fleet.boots.add(boot("unknown-1", "UNKNOWN_IMAGE", false));
        fleet.boots.add(boot("revoked-1", "REVOKED_IMAGE", false));
        fleet.boots.add(boot("revoked-later", "OK", true));
        fleet.boots.add(boot("replayed-1", "NONCE_REUSED", false));

        var findings = Checks.of(CheckId.FIRMWARE_UNRELEASED_OR_REVOKED).evaluate(fleet.build(), CONTEXT);

        assertThat(findings)
                .extracting(f -> f.resourceArn().substring(f.resourceArn().lastIndexOf('/') + 1) + " " + f.reasonCode())
                .containsExactly(
                        "unknown-1 UNRELEASED_FIRMWARE",
                        "revoked-1 REVOKED_FIRMWARE",
                        "revoked-later REVOKED_FIRMWARE");
        assertThat(findings.get(0).resourceArn()).isEqualTo("arn:warden:iot:eu-west-1:acme:thing/unknown-1");
        assertThat(findings.get(0).detail()).contains("sensor 2.4.0").contains("no release has this image");
        assertThat(Checks.of(CheckId.FIRMWARE_UNRELEASED_OR_REVOKED).evaluate(new TestInventory().build(), CONTEXT))
                .isEmpty();
    }

    private static BootView boot(String thing, String reason, boolean revokedSince) {
        return new BootView(thing, NOW, reason, "sensor", "2.4.0", "a".repeat(64), revokedSince);
    }
}
