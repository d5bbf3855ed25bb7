package dev.warden.pki;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names that go into the issuing CA's subject and into the CA store's file names.
 *
 * @param region  deployment region such as {@code eu-west-1}; letters, digits, '.', '_' and '-' only
 *                because it becomes part of file names
 * @param account account/tenant name placed in the issuing CA's OU
 */
public record CaNames(String region, String account) {
    private static final Pattern SAFE_REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public CaNames {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        if (!SAFE_REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must match " + SAFE_REGION.pattern() + ": " + region);
        }
        if (account.isBlank()) {
            throw new IllegalArgumentException("account must not be blank");
        }
    }
}
