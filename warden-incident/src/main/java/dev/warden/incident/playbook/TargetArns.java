package dev.warden.incident.playbook;

import dev.warden.policy.Arn;

/**
 * The ARN of each target, as the admin API names the same resource (a thing {@code iot thing/NAME}, a certificate
 * {@code iot cert/SERIAL}, an address {@code iot sourceip/IP}, a CA {@code iot cacert/ID}, a secret
 * {@code secrets secret/NAME}, a principal {@code iam user/NAME} or {@code iam service/NAME}, a policy
 * {@code iam policy/NAME}), and the pattern a role allows per kind.
 */
public final class TargetArns {
    private final String region;
    private final String account;

    public TargetArns(String region, String account) {
        Arn.prefix("iot", region, account);
        this.region = region;
        this.account = account;
    }

    public String arn(Target t) {
        return arn(t.kind(), t.value());
    }

    /** The role's resource pattern for a kind: every resource of it in this region and account. */
    public String pattern(Selector kind) {
        if (kind.kind() == Selector.PRINCIPAL) {
            // users and service accounts; never an admin credential (its own break-glass path)
            throw new IllegalArgumentException("principals have two patterns: use principalPatterns()");
        }
        return arn(kind.kind(), "*");
    }

    public String[] principalPatterns() {
        return new String[] {
            Arn.iam(account, "user/*").toString(), Arn.iam(account, "service/*").toString()
        };
    }

    private String arn(Selector kind, String value) {
        switch (kind.kind()) {
            case THING:
                return Arn.of("iot", region, account, "thing/" + value).toString();
            case CERTIFICATE:
                return Arn.of("iot", region, account, "cert/" + value).toString();
            case ADDRESS:
                return Arn.of("iot", region, account, "sourceip/" + value).toString();
            case CA:
                return Arn.of("iot", region, account, "cacert/" + value).toString();
            case SECRET:
                return Arn.of("secrets", region, account, "secret/" + value).toString();
            case POLICY:
                return Arn.iam(account, "policy/" + value).toString();
            case PRINCIPAL:
                return Arn.iam(account, value.indexOf('/') < 0 ? "user/" + value : value)
                        .toString();
            default:
                throw new IllegalArgumentException("no ARN for " + kind.id());
        }
    }
}
