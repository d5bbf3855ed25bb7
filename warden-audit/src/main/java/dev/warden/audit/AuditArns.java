package dev.warden.audit;

import dev.warden.policy.Arn;

/** The resource ARN the trail's own events (tamper, recovery, archive, key rotation) name. */
public final class AuditArns {
    private AuditArns() {}

    /**
     * {@code arn:warden:audit:<region>::trail/<region>}: the trail of one region. The account is empty, as the
     * trail belongs to the node rather than to an account.
     */
    public static String trail(String region) {
        return Arn.of("audit", region, "", "trail/" + region).toString();
    }
}
