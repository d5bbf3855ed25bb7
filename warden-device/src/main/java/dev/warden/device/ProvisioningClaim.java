package dev.warden.device;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** How a device proves it may be provisioned: a claim certificate (mTLS) or a one-time enrollment token. */
public sealed interface ProvisioningClaim {

    /** A claim certificate shared by a batch of devices, presented over mTLS. */
    static ProvisioningClaim certificate(PrivateKey key, List<X509Certificate> chain) {
        return new ClaimCertificate(key, chain);
    }

    /** An enrollment token ({@code wdn_enroll_...}), sent in the {@code X-Warden-Enrollment-Token} header. */
    static ProvisioningClaim token(String token) {
        return new EnrollmentToken(token);
    }

    /**
     * @param key   the claim's private key
     * @param chain the claim certificate first, then its intermediates
     */
    record ClaimCertificate(PrivateKey key, List<X509Certificate> chain) implements ProvisioningClaim {
        public ClaimCertificate {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("chain must hold the claim certificate");
            }
        }

        @Override
        public String toString() {
            return "ClaimCertificate{subject=" + chain.get(0).getSubjectX500Principal() + "}";
        }
    }

    /** {@link #toString()} shows only the token's prefix, so it can appear in logs. */
    record EnrollmentToken(String token) implements ProvisioningClaim {
        public EnrollmentToken {
            Objects.requireNonNull(token, "token");
            token = token.trim();
            if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("an enrollment token is non-empty printable ASCII");
            }
        }

        @Override
        public String toString() {
            return "EnrollmentToken{" + (token.startsWith("wdn_enroll_") ? "wdn_enroll_" : "") + "***}";
        }
    }
}
