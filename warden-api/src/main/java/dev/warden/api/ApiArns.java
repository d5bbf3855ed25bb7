package dev.warden.api;

import dev.warden.policy.Arn;

/** The resource ARNs admin routes are authorized on, in this node's region and account (IAM's without a region). */
final class ApiArns {
    private final String region;
    private final String account;

    ApiArns(ApiSettings config) {
        this.region = config.region();
        this.account = config.account();
    }

    /** {@code arn:warden:<service>:<region>:<account>:<resource>}; for {@code iam}, {@code arn:warden:iam::<account>:...}. */
    String of(String service, String resource) {
        return ("iam".equals(service) ? Arn.iam(account, resource) : Arn.of(service, region, account, resource))
                .toString();
    }

    String iot(String resource) {
        return of("iot", resource);
    }
}
