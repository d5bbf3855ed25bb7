package dev.warden.node.incident;

import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.UserService;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.playbook.ActionResult;
import dev.warden.incident.playbook.Operation;
import dev.warden.region.forward.IamContainment;

/**
 * A playbook's changes of users and service accounts (disable, revoke sessions and keys, reset MFA), made in this
 * region's IAM. In a control region (or a region on its own) they are the change; it is also what the control region
 * does when a member asks ({@link IamContainment.Principals}). In a member they are the immediate local containment:
 * replication raises but never lowers the disabled and revoked flags, so they hold until the control region's change
 * arrives.
 */
final class PlaybookPrincipals implements IamContainment.Principals {
    private final UserService users;
    private final ServiceAccounts services;

    PlaybookPrincipals(UserService users, ServiceAccounts services) {
        this.users = users;
        this.services = services;
    }

    /** A principal target: {@code user/NAME} (or a bare name), or {@code service/NAME}. */
    record Principal(String type, String name) {
        static Principal of(String value) {
            int slash = value.indexOf('/');
            return slash < 0
                    ? new Principal(UserService.PRINCIPAL_TYPE, value)
                    : new Principal(value.substring(0, slash), value.substring(slash + 1));
        }

        boolean user() {
            return UserService.PRINCIPAL_TYPE.equals(type);
        }

        boolean service() {
            return ServiceAccounts.PRINCIPAL_TYPE.equals(type);
        }
    }

    ActionResult perform(Operation operation, Principal p) {
        if (!p.user() && !p.service()) {
            // Admin credentials and roles have their own break-glass path: never a playbook's.
            throw new IncidentException(
                    IncidentReason.STEP_FAILED, operation.action() + " applies to users and service accounts only");
        }
        return p.user() ? user(operation, p.name()) : service(operation, p.name());
    }

    /** What a member asked of this (control) region. */
    @Override
    public IamContainment.Outcome apply(IamContainment.Request request) {
        ActionResult r =
                perform(operation(request.operation()), new Principal(request.principalType(), request.name()));
        return new IamContainment.Outcome(r.changed(), r.summary());
    }

    static Operation operation(IamContainment.Operation op) {
        return switch (op) {
            case DISABLE -> Operation.DISABLE_USER;
            case REVOKE_SESSIONS -> Operation.REVOKE_SESSIONS;
            case DELETE_ACCESS_KEYS -> Operation.DELETE_ACCESS_KEYS;
        };
    }

    static IamContainment.Operation containment(Operation op) {
        return switch (op) {
            case DISABLE_USER -> IamContainment.Operation.DISABLE;
            case REVOKE_SESSIONS -> IamContainment.Operation.REVOKE_SESSIONS;
            case DELETE_ACCESS_KEYS -> IamContainment.Operation.DELETE_ACCESS_KEYS;
            default -> throw new IllegalArgumentException(op + " is not a principal operation");
        };
    }

    private ActionResult user(Operation operation, String name) {
        UserService u = require(users, operation);
        switch (operation) {
            case DISABLE_USER:
                return u.disable(name)
                        ? ActionResult.changed("disabled: no login or refresh, its access tokens refused from now on, "
                                + "its refresh tokens revoked")
                        : ActionResult.unchanged("already disabled");
            case REVOKE_SESSIONS:
                int revoked = u.revokeSessions(name);
                return revoked > 0
                        ? ActionResult.changed(revoked + " refresh token(s) revoked")
                        : ActionResult.unchanged("no live refresh token");
            case RESET_MFA:
                return u.resetMfa(name)
                        ? ActionResult.changed("MFA cleared: it must enrol again; its refresh tokens revoked")
                        : ActionResult.unchanged("no MFA enrolled");
            default:
                return ActionResult.unchanged("a user has no API keys");
        }
    }

    private ActionResult service(Operation operation, String name) {
        ServiceAccounts s = require(services, operation);
        switch (operation) {
            case DISABLE_USER:
                return s.disable(name)
                        ? ActionResult.changed("disabled: its API keys, client certificates and role sessions "
                                + "refused from now on, its keys revoked")
                        : ActionResult.unchanged("already disabled");
            case DELETE_ACCESS_KEYS:
                int revoked = s.revokeAllKeys(name);
                return revoked > 0
                        ? ActionResult.changed(revoked + " API key(s) revoked")
                        : ActionResult.unchanged("no live API key");
            case REVOKE_SESSIONS:
                return ActionResult.unchanged("a service account has no refresh tokens");
            default:
                return ActionResult.unchanged("a service account has no MFA");
        }
    }

    static <T> T require(T backend, Operation operation) {
        if (backend == null) {
            throw new IncidentException(
                    IncidentReason.STEP_FAILED, operation.action() + " is not available on this node");
        }
        return backend;
    }
}
