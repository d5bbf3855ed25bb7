package dev.warden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PayloadSealingTest {
    private static final byte[] READING = "{\"t\":21.5,\"marker\":\"E2E-PLAINTEXT\"}".getBytes(StandardCharsets.UTF_8);

    private final RecipientKeys application = RecipientKeys.generate();

    @Property(tries = 50)
    void whatADeviceSealsOnlyTheRecipientOpens(@ForAll byte[] payload) {
        PayloadSealer device = PayloadSealer.of(application.publicJson());
        byte[] envelope = device.seal("devices/s1/telemetry", "42", payload);

        assertThat(PayloadEnvelope.isSealed(envelope)).isTrue();
        RecipientKeys.Opened opened = application.open("devices/s1/telemetry", envelope);
        assertThat(opened.payload()).isEqualTo(payload);
        assertThat(opened.messageId()).isEqualTo("42");
    }

    @Test
    void theEnvelopeCarriesNoPlaintextAndThePublicKeysetNoSecret() {
        byte[] envelope = PayloadSealer.of(application.publicJson()).seal("devices/s1/telemetry", "1", READING);

        assertThat(new String(envelope, StandardCharsets.ISO_8859_1)).doesNotContain("E2E-PLAINTEXT");
        // A public keyset cannot be used to open: parsing it as a private keyset fails.
        refused(
                () -> RecipientKeys.fromSecretJson(application.publicJson())
                        .open("devices/s1/telemetry", envelope)
                        .payload(),
                E2eReason.INVALID_KEYSET,
                E2eReason.TAMPERED);
        refused(() -> PayloadSealer.of(application.toSecretJson()), E2eReason.INVALID_KEYSET);
    }

    @Test
    void anEnvelopeAlteredOrMovedToAnotherTopicOrMessageDoesNotOpen() {
        byte[] envelope = PayloadSealer.of(application.publicJson()).seal("devices/s1/telemetry", "7", READING);
        byte[] altered = envelope.clone();
        altered[altered.length - 1] ^= 1;

        refused(() -> application.open("devices/s1/telemetry", altered).payload(), E2eReason.TAMPERED);
        refused(() -> application.open("devices/s2/telemetry", envelope), E2eReason.TAMPERED);
        refused(() -> application.open("devices/s1/telemetry", renumbered(envelope, "8")), E2eReason.TAMPERED);
        refused(() -> application.open("devices/s1/telemetry", READING).payload(), E2eReason.NOT_SEALED);
        refused(
                () -> RecipientKeys.generate()
                        .open("devices/s1/telemetry", envelope)
                        .payload(),
                E2eReason.UNKNOWN_OR_RETIRED_KEY);
    }

    @Test
    void afterARotationOldMessagesOpenUntilTheirKeyIsRetired() {
        byte[] before = PayloadSealer.of(application.publicJson()).seal("t", "1", READING);
        int oldKey = application.keyIds().get(0);

        RecipientKeys rotated = application.rotate();
        PayloadSealer device = PayloadSealer.of(rotated.publicJson());
        byte[] after = device.seal("t", "2", READING);

        assertThat(device.keyId()).isNotEqualTo(oldKey);
        assertThat(rotated.open("t", before).payload()).isEqualTo(READING);
        assertThat(rotated.open("t", after).payload()).isEqualTo(READING);
        RecipientKeys retired = rotated.retire(oldKey);
        refused(() -> retired.open("t", before).payload(), E2eReason.UNKNOWN_OR_RETIRED_KEY);
        assertThat(retired.open("t", after).payload()).isEqualTo(READING);
        assertThat(RecipientKeys.fromSecretJson(retired.toSecretJson())
                        .open("t", after)
                        .payload())
                .isEqualTo(READING);
        assertThatThrownBy(() -> retired.retire(device.keyId())).hasMessageContaining("primary");
    }

    /** The envelope with its message id replaced by one of the same length (a replay under another id). */
    private static byte[] renumbered(byte[] envelope, String id) {
        byte[] copy = envelope.clone();
        copy[6] = id.getBytes(StandardCharsets.UTF_8)[0];
        return copy;
    }

    private static void refused(ThrowingCallable call, E2eReason... reasons) {
        assertThatThrownBy(call)
                .isInstanceOf(E2eException.class)
                .extracting(e -> ((E2eException) e).reason())
                .isIn((Object[]) reasons);
    }
}
