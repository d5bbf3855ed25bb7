package dev.warden.node;

import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.AdminCredentials;
import dev.warden.iam.PasswordHasher;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.node.DefaultKey;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Pem;
import dev.warden.registry.PolicyService;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.storage.Database;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;

/**
 * Who may call the admin API and as whom: the bootstrap credential, the admin authorizer (principals' policies),
 * tokens signed by the node's sealed token key, users with their passwords and MFA (secrets under the KMS default
 * key), and the policy service that changes both device and IAM policies.
 */
record NodeIam(
        AdminCredentials credentials,
        AdminAuthorizer authorizer,
        TokenService tokens,
        UserService users,
        PolicyService policies) {

    static NodeIam open(
            WardenConfig config,
            Database database,
            KeyManagementService kms,
            NodeLayout layout,
            SealedKeyFiles keyFiles,
            ThingPolicyCache thingPolicies,
            SecureRandom random,
            Clock clock) {
        AdminCredentials credentials = new AdminCredentials(database, random, clock);
        AdminAuthorizer authorizer = new AdminAuthorizer(database, clock, config.region());
        TokenService tokens = new TokenService(
                (ECPrivateKey) keyFiles.read(layout.tokenSigningKey()),
                (ECPublicKey) Pem.parsePublicKey(NodeInitializer.read(layout.tokenPublicKey())),
                "warden:" + config.region() + ":" + config.account(),
                clock,
                TokenService.DEFAULT_TTL);
        UserService users = new UserService(
                database, kms, DefaultKey.NAME, tokens, PasswordHasher.RECOMMENDED, "Warden " + config.region(), clock);
        PolicyService policies = new PolicyService(database, thingPolicies, authorizer, clock);
        return new NodeIam(credentials, authorizer, tokens, users, policies);
    }
}
