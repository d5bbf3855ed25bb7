package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.AuditedRoutes;
import dev.warden.buckets.Bucket;
import dev.warden.buckets.BucketStore;
import dev.warden.buckets.ReplicationRule;
import dev.warden.console.core.RotationState;
import dev.warden.console.view.KeysView;
import dev.warden.kms.KeyMetadata;
import dev.warden.kms.KeyState;
import dev.warden.kms.SecretMetadata;
import dev.warden.kms.node.KmsArns;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Keys, secrets and buckets, metadata only: a page whose panels load themselves, each its own request and so its own
 * decision with the API's action: KMS keys ({@code kms:ListKeys}), secrets ({@code secrets:ListSecrets}), buckets
 * ({@code warden:ListBuckets}), Block Public Access ({@code warden:GetPublicAccessBlock}) and the replication rules
 * ({@code warden:GetBucketReplication}). A panel the user may not see shows the refusal in its place; the others still
 * show. The listings are the services' metadata calls, which hold no key material and no secret value.
 */
final class VaultPages {
    private final ConsoleSettings settings;
    private final VaultServices vault;
    private final Clock clock;

    VaultPages(ConsoleSettings settings, VaultServices vault, Clock clock) {
        this.settings = settings;
        this.vault = vault;
        this.clock = clock;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/keys",
                "sts:GetCallerIdentity",
                ctx -> settings.arn("sts", "caller"),
                Pages.guarded(signedIn.apply(
                        ctx -> Pages.render(ctx, "keys.jte", SignIn.frame(ctx, "Keys, secrets and buckets", "keys")))));
        routes.add(
                GET,
                "/console/keys/kms",
                "kms:ListKeys",
                ctx -> KmsArns.key(settings.region(), settings.account(), "*"),
                Pages.guarded(signedIn.apply(this::keys)));
        routes.add(
                GET,
                "/console/keys/secrets",
                "secrets:ListSecrets",
                ctx -> KmsArns.secret(settings.region(), settings.account(), "*"),
                Pages.guarded(signedIn.apply(this::secrets)));
        routes.add(
                GET,
                "/console/keys/buckets",
                "warden:ListBuckets",
                ctx -> vault.buckets().arn("*", null),
                Pages.guarded(signedIn.apply(this::buckets)));
        routes.add(
                GET,
                "/console/keys/public-access-block",
                "warden:GetPublicAccessBlock",
                ctx -> vault.buckets().publicAccessBlockArn(),
                Pages.guarded(signedIn.apply(ctx -> Pages.render(
                        ctx,
                        "keys-public-access.jte",
                        new KeysView.PublicAccess(
                                vault.buckets().publicAccessBlock().enabled())))));
        routes.add(
                GET,
                "/console/keys/replication",
                "warden:GetBucketReplication",
                ctx -> vault.buckets().arn("*", null),
                Pages.guarded(signedIn.apply(this::replication)));
    }

    private void keys(Context ctx) {
        var rows = vault.kms().listKeys().stream()
                .sorted(Comparator.comparing(KeyMetadata::name))
                .map(this::key)
                .toList();
        Pages.render(ctx, "keys-kms.jte", new KeysView.Keys(rows));
    }

    private KeysView.Key key(KeyMetadata k) {
        RotationState rotation;
        if (k.keySpec().asymmetric()) {
            rotation = RotationState.notJudged(k.rotatedAt(), "a signing key is replaced, not rotated");
        } else if (k.state() != KeyState.ENABLED) {
            rotation = RotationState.notJudged(k.rotatedAt(), "not enabled");
        } else {
            rotation = RotationState.of(k.createdAt(), k.rotatedAt(), vault.keyRotationPeriod(), clock.instant());
        }
        return new KeysView.Key(
                k.arn(),
                k.name(),
                k.keySpec().name(),
                k.state().name() + (k.deletionAt() == null ? "" : " (deletion " + k.deletionAt() + ")"),
                k.versions(),
                rotation.lastRotated(),
                rotation.state(),
                rotation.overdue());
    }

    private void secrets(Context ctx) {
        var rows = vault.secrets().list().stream()
                .sorted(Comparator.comparing(SecretMetadata::name))
                .map(this::secret)
                .toList();
        Pages.render(ctx, "keys-secrets.jte", new KeysView.Secrets(rows));
    }

    private KeysView.Secret secret(SecretMetadata s) {
        RotationState rotation =
                RotationState.of(s.createdAt(), s.rotatedAt(), vault.secretRotationPeriod(), clock.instant());
        String labels =
                new TreeMap<>(s.labels()).keySet().stream().map(Enum::name).collect(Collectors.joining(", "));
        return new KeysView.Secret(
                s.name(), s.versions(), labels, rotation.lastRotated(), rotation.state(), rotation.overdue());
    }

    private void buckets(Context ctx) {
        BucketStore store = vault.buckets();
        var rows = store.list().stream()
                .sorted(Comparator.comparing(Bucket::name))
                .map(b -> new KeysView.Bucket(
                        b.name(),
                        settings.region(),
                        b.policy() == null ? "none" : "bucket policy",
                        "AES-256-GCM, data key wrapped by KMS key " + vault.bucketKey(),
                        b.retentionDays() == null ? "kept until deleted" : b.retentionDays() + " days",
                        store.replication().replicaSource(b).orElse("")))
                .toList();
        Pages.render(ctx, "keys-buckets.jte", new KeysView.Buckets(rows));
    }

    private void replication(Context ctx) {
        var replication = vault.buckets().replication();
        var rows = replication.rules().stream()
                .sorted(Comparator.comparing(ReplicationRule::bucket))
                .map(r -> new KeysView.Rule(
                        r.bucket(),
                        r.destination(),
                        r.prefix() == null ? "" : r.prefix(),
                        r.createdAt().toString(),
                        replication.refusal(r).map(Enum::name).orElse("")))
                .toList();
        Pages.render(ctx, "keys-replication.jte", new KeysView.Replication(rows));
    }
}
