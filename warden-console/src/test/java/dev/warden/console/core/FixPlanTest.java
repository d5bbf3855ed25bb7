package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixPlanTest {
    @Test
    void readsEachFixTheConsoleRunsFromItsStoredApiCall() {
        assertThat(FixPlan.of("POST", "/kms/keys/orders/rotate", "kms:RotateKey", null))
                .contains(new FixPlan(FixPlan.Kind.ROTATE_KEY, "orders", ""));
        assertThat(FixPlan.of("POST", "/secrets/db%2Forders%2Fpassword/rotate", "secrets:RotateSecret", "{}"))
                .contains(new FixPlan(FixPlan.Kind.ROTATE_SECRET, "db/orders/password", ""));
        assertThat(FixPlan.of("DELETE", "/buckets/fw1/policy", "warden:DeleteBucketPolicy", null))
                .contains(new FixPlan(FixPlan.Kind.DELETE_BUCKET_POLICY, "fw1", ""));
        assertThat(FixPlan.of(
                        "PUT", "/public-access-block", "warden:PutPublicAccessBlock", "{\"blockPublicPolicy\":true}"))
                .contains(new FixPlan(FixPlan.Kind.BLOCK_PUBLIC_ACCESS, "", ""));
        assertThat(FixPlan.of(
                        "POST", "/certificates/0A1B/revoke", "warden:RevokeCertificate", "{\"reason\":\"superseded\"}"))
                .contains(new FixPlan(FixPlan.Kind.REVOKE_CERTIFICATE, "0A1B", "superseded"));
    }

    @Test
    void anythingElseIsNotRunFromTheConsole() {
        // Another call than its action's route, another method, a longer path, another body, a call it does not know.
        assertThat(FixPlan.of("POST", "/kms/keys/orders/rotate", "kms:ScheduleKeyDeletion", null))
                .isEmpty();
        assertThat(FixPlan.of("DELETE", "/kms/keys/orders/rotate", "kms:RotateKey", null))
                .isEmpty();
        assertThat(FixPlan.of("POST", "/kms/keys/a/../b/rotate", "kms:RotateKey", null))
                .isEmpty();
        assertThat(FixPlan.of("POST", "/kms/keys//rotate", "kms:RotateKey", null))
                .isEmpty();
        assertThat(FixPlan.of(
                        "PUT", "/public-access-block", "warden:PutPublicAccessBlock", "{\"blockPublicPolicy\":false}"))
                .isEmpty();
        assertThat(FixPlan.of("POST", "/secrets/s/rotate", "secrets:RotateSecret", "{\"rotator\":\"x\"}"))
                .isEmpty();
        assertThat(FixPlan.of("POST", "/certificates/0A1B/revoke", "warden:RevokeCertificate", null))
                .isEmpty();
        assertThat(FixPlan.of("POST", "/policies/p/detach", "iam:DetachPolicy", "{\"user\":\"alice\"}"))
                .isEmpty();
        assertThat(FixPlan.of(null, null, null, null)).isEmpty();
    }

    @Test
    void saysWhatTheFixWillDoNamingWhatItActsOn() {
        assertThat(new FixPlan(FixPlan.Kind.DELETE_BUCKET_POLICY, "fw1", "").effect())
                .startsWith("Deletes the policy of bucket fw1");
        assertThat(new FixPlan(FixPlan.Kind.REVOKE_CERTIFICATE, "0A1B", "superseded").effect())
                .contains("0A1B", "superseded");
    }
}
