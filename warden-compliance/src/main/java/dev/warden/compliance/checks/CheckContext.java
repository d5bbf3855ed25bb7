package dev.warden.compliance.checks;

import dev.warden.compliance.ComplianceSettings;
import dev.warden.policy.Arn;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What a check knows besides the inventory: the thresholds, the region and account, and the run's time. */
public record CheckContext(ComplianceSettings settings, Instant now) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** {@code arn:warden:<service>:<region>:<account>:<resource>}. */
    public String arn(String service, String resource) {
        return Arn.of(service, settings.region(), settings.account(), resource).toString();
    }

    /** {@code arn:warden:iam::<account>:<resource>}: IAM names are global. */
    public String iamArn(String resource) {
        return Arn.iam(settings.account(), resource).toString();
    }

    /** {@code arn:warden:region::<account>:region/<region>}: this region as the deployment names it. */
    public String regionArn() {
        return Arn.of("region", "", settings.account(), "region/" + settings.region())
                .toString();
    }

    public String certificateArn(String serial) {
        return arn("iot", "cert/" + serial);
    }

    public String caArn(String fingerprint) {
        return arn("iot", "cacert/" + fingerprint);
    }

    public String policyArn(String name) {
        return iamArn("policy/" + name);
    }

    /** A date as a person reads it in a detail: {@code 2027-01-03}. */
    public static String day(Instant at) {
        return DAY.format(at);
    }

    /** Whole days from now to {@code at} (negative when past). */
    public long daysUntil(Instant at) {
        return Duration.between(now, at).toDays();
    }

    /** Whole days from {@code at} to now. */
    public long daysSince(Instant at) {
        return Duration.between(at, now).toDays();
    }
}
