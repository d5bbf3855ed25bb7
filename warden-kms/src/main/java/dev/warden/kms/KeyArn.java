package dev.warden.kms;

import dev.warden.policy.Arn;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The id of a key-encryption key: {@code arn:warden:kms:<region>:<account>:key/<name>}. */
public record KeyArn(String region, String account, String name) {
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern ARN = Pattern.compile("arn:warden:kms:([^:]+):([^:]+):key/(.+)");

    public KeyArn {
        requireRegion(region);
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "invalid account '" + account + "'");
        }
        requireName(name);
    }

    /** @throws KmsException {@link KmsReason#INVALID_ARGUMENT} unless {@code region} is a valid region name */
    public static void requireRegion(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "invalid region '" + region + "'");
        }
    }

    static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new KmsException(
                    KmsReason.INVALID_ARGUMENT,
                    "invalid key name '" + name + "': letters, digits, '_', '.', '-', at most 128");
        }
    }

    static boolean looksLikeArn(String ref) {
        return ref != null && ref.startsWith("arn:");
    }

    /** @throws KmsException {@link KmsReason#INVALID_ARGUMENT} if {@code arn} is not a Warden KMS key ARN */
    public static KeyArn parse(String arn) {
        Matcher m = arn == null ? null : ARN.matcher(arn);
        if (m == null || !m.matches()) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "not a Warden KMS key ARN: '" + arn + "'");
        }
        return new KeyArn(m.group(1), m.group(2), m.group(3));
    }

    @Override
    public String toString() {
        return Arn.of("kms", region, account, "key/" + name).toString();
    }
}
