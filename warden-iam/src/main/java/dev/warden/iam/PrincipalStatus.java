package dev.warden.iam;

import dev.warden.iam.store.ServiceAccountDao;
import dev.warden.iam.store.UserDao;
import dev.warden.storage.Database;
import java.util.Optional;

/**
 * Whether a principal may still act: a disabled user or service account is refused wherever one of its credentials
 * is presented, even a token whose signature is valid. Access tokens are stateless JWTs, so every call that accepts
 * one asks here; that read is what makes disabling take effect at once rather than when the token expires. Fails
 * closed: a principal that does not exist (any more) is not active.
 */
public final class PrincipalStatus {
    private static final String ROLE_SUBJECT_SEPARATOR = ":";

    private final Database database;

    public PrincipalStatus(Database database) {
        this.database = database;
    }

    /** Whether the user exists and is enabled. */
    public boolean userActive(String name) {
        return name != null
                && database.read(h -> new UserDao(h).find(name))
                        .map(u -> !u.disabled())
                        .orElse(false);
    }

    /** Whether the service account exists and is enabled. */
    public boolean serviceActive(String name) {
        return name != null && database.read(h -> new ServiceAccountDao(h).enabled(name));
    }

    /**
     * {@link TokenService#check}, then the principal behind the token: the user, or for a role session whoever
     * assumed the role ({@code user:NAME}, {@code service:NAME}). A token of a disabled principal is refused as
     * {@link TokenService.Rejection#PRINCIPAL_DISABLED}.
     */
    public TokenService.Verification check(TokenService tokens, String token) {
        TokenService.Verification verification = tokens.check(token);
        TokenService.VerifiedToken verified = verification.token();
        if (verified == null || active(verified)) {
            return verification;
        }
        return TokenService.Verification.refused(TokenService.Rejection.PRINCIPAL_DISABLED);
    }

    private boolean active(TokenService.VerifiedToken token) {
        if (token.role() == null) {
            return userActive(token.user());
        }
        Optional<String[]> assumer = split(token.user());
        if (assumer.isEmpty()) {
            return false;
        }
        String type = assumer.get()[0];
        String id = assumer.get()[1];
        if (UserService.PRINCIPAL_TYPE.equals(type)) {
            return userActive(id);
        }
        if (ServiceAccounts.PRINCIPAL_TYPE.equals(type)) {
            return serviceActive(id);
        }
        // An admin credential is checked whenever it is presented; a role has no disabled state, and a chained
        // session does not name the original assumer (its lifetime is the role's bound). Anything else: refused.
        return AdminCredentials.PRINCIPAL_TYPE.equals(type) || "role".equals(type);
    }

    private static Optional<String[]> split(String subject) {
        int at = subject == null ? -1 : subject.indexOf(ROLE_SUBJECT_SEPARATOR);
        return at <= 0
                ? Optional.empty()
                : Optional.of(new String[] {subject.substring(0, at), subject.substring(at + 1)});
    }
}
