package dev.warden.compliance.inventory;

import dev.warden.iam.store.AdminCredentialDao;
import dev.warden.iam.store.GroupRoleDao;
import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.iam.store.ServiceAccountDao;
import dev.warden.iam.store.UserDao;
import dev.warden.policy.Finding;
import dev.warden.policy.LeastPrivilegeAnalyzer;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
import dev.warden.storage.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Policies and their attachments, users, admin credentials, service accounts, roles and API keys, read from IAM's
 * tables. A policy is parsed and analyzed once per document: later runs reuse the result while the document is the
 * same (an on-change run after one policy changed parses that one only).
 */
final class IamReader {
    private final Database database;
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String document, Optional<Policy> policy, List<Finding> analysis) {}

    IamReader(Database database) {
        this.database = database;
    }

    List<PolicyView> policies() {
        record Stored(
                List<PolicyRecord> policies,
                Map<String, Integer> things,
                List<PolicyDao.PrincipalAttachment> attachments) {}
        Stored stored = database.read(h -> {
            PolicyDao dao = new PolicyDao(h);
            return new Stored(dao.list(), dao.thingCounts(), dao.principalAttachments());
        });
        Map<String, List<PrincipalRef>> principals = new HashMap<>();
        for (PolicyDao.PrincipalAttachment a : stored.attachments()) {
            principals
                    .computeIfAbsent(a.policyName(), n -> new ArrayList<>())
                    .add(new PrincipalRef(a.principalType(), a.principalId()));
        }
        parsed.keySet()
                .retainAll(stored.policies().stream().map(PolicyRecord::name).toList());
        List<PolicyView> out = new ArrayList<>(stored.policies().size());
        for (PolicyRecord p : stored.policies()) {
            Parsed compiled = parsed.compute(
                    p.name(), (name, old) -> old != null && old.document().equals(p.document()) ? old : parse(p));
            out.add(new PolicyView(
                    p.name(),
                    p.builtIn(),
                    compiled.policy(),
                    compiled.analysis(),
                    stored.things().getOrDefault(p.name(), 0),
                    principals.getOrDefault(p.name(), List.of())));
        }
        return out;
    }

    private static Parsed parse(PolicyRecord p) {
        try {
            Policy policy = PolicyParser.parse(p.name(), p.document());
            return new Parsed(p.document(), Optional.of(policy), LeastPrivilegeAnalyzer.analyze(policy));
        } catch (PolicyValidationException e) {
            // Stored documents were validated when written; one that no longer parses decides nothing (fail closed).
            return new Parsed(p.document(), Optional.empty(), List.of());
        }
    }

    List<UserView> users() {
        return database.read(h -> {
            UserDao users = new UserDao(h);
            GroupRoleDao groups = new GroupRoleDao(h);
            List<UserView> out = new ArrayList<>();
            for (String name : users.names()) {
                users.find(name)
                        .ifPresent(
                                u -> out.add(new UserView(name, u.mfaEnabled(), u.createdAt(), groups.groupsOf(name))));
            }
            return out;
        });
    }

    /** Admin credentials, service accounts and roles. */
    List<PrincipalView> principals() {
        return database.read(h -> {
            List<PrincipalView> out = new ArrayList<>();
            for (AdminCredentialDao.Credential c : new AdminCredentialDao(h).list()) {
                out.add(new PrincipalView(PrincipalView.ADMIN, c.id(), c.createdAt(), "ACTIVE".equals(c.status())));
            }
            for (ServiceAccountDao.Account a : new ServiceAccountDao(h).list()) {
                out.add(new PrincipalView(PrincipalView.SERVICE, a.name(), a.createdAt(), true));
            }
            for (GroupRoleDao.Role r : new GroupRoleDao(h).roles()) {
                out.add(new PrincipalView(PrincipalView.ROLE, r.name(), r.createdAt(), true));
            }
            return out;
        });
    }

    List<ApiKeyView> apiKeys() {
        return database.read(h -> new ServiceAccountDao(h).allKeys()).stream()
                .map(k -> new ApiKeyView(k.id(), k.account(), k.createdAt(), k.expiresAt(), k.revoked()))
                .toList();
    }

    Map<String, String> serviceCertificates() {
        return database.read(h -> new ServiceAccountDao(h).allCertificates());
    }
}
