package dev.warden.iam;

import dev.warden.iam.store.GroupRoleDao;
import dev.warden.iam.store.UserDao;
import dev.warden.policy.Arn;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
import dev.warden.policy.RequestContext;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Groups (their policies apply to every member) and roles: a role's trust policy says who may assume it
 * ({@code sts:AssumeRole} on the caller's ARN), the session gets the role's policies, narrowed by an optional
 * session policy, for a limited time — as AWS STS does.
 */
public final class RoleService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    static final Duration DEFAULT_SESSION = Duration.ofHours(1);

    private final Database database;
    private final TokenService tokens;
    private final AdminAuthorizer authorizer;
    private final String account;
    private final Clock clock;

    /** A session's token and when it ends. */
    public record RoleSession(String accessToken, java.time.Instant expiresAt) {
        @Override
        public String toString() {
            return "RoleSession{expiresAt=" + expiresAt + "}";
        }
    }

    public RoleService(
            Database database, TokenService tokens, AdminAuthorizer authorizer, String account, Clock clock) {
        this.database = database;
        this.tokens = tokens;
        this.authorizer = authorizer;
        this.account = account;
        this.clock = clock;
    }

    public void createGroup(String name) {
        requireName(name);
        database.useTransaction(h -> new GroupRoleDao(h).createGroup(name, clock.instant()));
    }

    public void addMember(String group, String user) {
        database.useTransaction(h -> {
            GroupRoleDao dao = new GroupRoleDao(h);
            if (!dao.groupExists(group)) {
                throw new IamException(IamReason.UNKNOWN_GROUP, "no group named '" + group + "'");
            }
            if (new UserDao(h).find(user).isEmpty()) {
                throw new IamException(IamReason.UNKNOWN_USER, "no user named '" + user + "'");
            }
            dao.addMember(group, user);
        });
        authorizer.invalidate();
    }

    public void createRole(String name, String trustPolicy, Duration maxSession) {
        requireName(name);
        TrustPolicies.parse(roleArn(name), name + "-trust", trustPolicy);
        if (maxSession.compareTo(Duration.ofMinutes(15)) < 0 || maxSession.compareTo(Duration.ofHours(12)) > 0) {
            throw new IamException(IamReason.INVALID_DURATION, "a role's maximum session is 15 minutes to 12 hours");
        }
        database.useTransaction(h -> new GroupRoleDao(h)
                .createRole(new GroupRoleDao.Role(name, trustPolicy, maxSession.toSeconds(), clock.instant())));
    }

    /**
     * Issues a session for {@code role} to the caller when the role's trust policy allows it. (The caller's own
     * permission to call sts:AssumeRole on the role was decided before, like every API call.)
     */
    public RoleSession assume(
            String role, String callerType, String callerId, boolean mfa, String sessionPolicy, Duration duration) {
        GroupRoleDao.Role found = database.read(h -> new GroupRoleDao(h).findRole(role))
                .orElseThrow(() -> new IamException(IamReason.UNKNOWN_ROLE, "no role named '" + role + "'"));
        String callerArn = Arn.iam(account, callerType + "/" + callerId).toString();
        RequestContext context = RequestContext.builder()
                .put(RequestContext.USERNAME, callerId)
                .put(RequestContext.MFA_PRESENT, Boolean.toString(mfa))
                .currentTime(clock.instant())
                .build();
        boolean trusted = TrustPolicies.trusts(stored(role, found.trustPolicy()), roleArn(role), callerArn, context);
        if (!trusted) {
            throw new IamException(
                    IamReason.ACCESS_DENIED, "the trust policy of role '" + role + "' does not allow " + callerArn);
        }
        if (sessionPolicy != null) {
            strict("session", sessionPolicy);
        }
        Duration lifetime = duration == null ? DEFAULT_SESSION : duration;
        if (lifetime.compareTo(Duration.ofMinutes(15)) < 0 || lifetime.toSeconds() > found.maxSessionSeconds()) {
            throw new IamException(
                    IamReason.INVALID_DURATION,
                    "a session of role '" + role + "' lasts 15 minutes to " + found.maxSessionSeconds() + " seconds");
        }
        TokenService.Issued session =
                tokens.issueRoleSession(role, callerType + ":" + callerId, mfa, sessionPolicy, lifetime);
        return new RoleSession(session.token(), session.expiresAt());
    }

    private String roleArn(String role) {
        return dev.warden.policy.Arn.of("iam", "", account, "role/" + role).toString();
    }

    /**
     * A trust policy as stored: read leniently (a document stored before strict validation stays usable), in the
     * form it was written in.
     */
    private Policy stored(String role, String document) {
        try {
            return TrustPolicies.parse(roleArn(role), role + "-trust", document);
        } catch (IamException strictFailure) {
            return parse(role + "-trust", document);
        }
    }

    /** A policy being written: unknown actions and foreign ARNs are refused. */
    private static void strict(String name, String document) {
        try {
            PolicyParser.parseStrict(name, document);
        } catch (PolicyValidationException e) {
            throw new IamException(
                    IamReason.INVALID_POLICY,
                    "invalid at " + e.position() + ": " + e.getMessage() + " (" + e.reason() + ")");
        }
    }

    private static Policy parse(String name, String document) {
        try {
            return PolicyParser.parse(name, document);
        } catch (PolicyValidationException e) {
            throw new IamException(
                    IamReason.INVALID_POLICY,
                    "invalid at " + e.position() + ": " + e.getMessage() + " (" + e.reason() + ")");
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IamException(IamReason.INVALID_NAME, "a name is 1-64 of letters, digits and +=,.@_-");
        }
    }
}
