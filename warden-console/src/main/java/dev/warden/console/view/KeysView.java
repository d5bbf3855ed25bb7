package dev.warden.console.view;

import java.util.List;

/**
 * The keys, secrets and buckets page's panels, each loaded by its own request and so its own decision: KMS keys,
 * secrets, buckets, Block Public Access and the replication rules. Metadata only: no key material, no secret value
 * ever reaches these records.
 */
public final class KeysView {
    private KeysView() {}

    /** KMS keys: the ARN is the key's id, its name the alias it is used by. */
    public record Keys(List<Key> rows) {}

    public record Key(
            String arn,
            String name,
            String spec,
            String state,
            int versions,
            String lastRotated,
            String rotation,
            boolean overdue) {}

    /** Secrets: names, versions, rotation; never a value. */
    public record Secrets(List<Secret> rows) {}

    public record Secret(
            String name, int versions, String labels, String lastRotated, String rotation, boolean overdue) {}

    /** Buckets: where, whether they have a policy, how they are encrypted, what they replicate from. */
    public record Buckets(List<Bucket> rows) {}

    public record Bucket(
            String name, String region, String policy, String encryption, String retention, String replicaOf) {}

    /** The account's Block Public Access. */
    public record PublicAccess(boolean on) {}

    /** Cross-region replication rules, each with why it is refused if it is. */
    public record Replication(List<Rule> rows) {}

    public record Rule(String bucket, String destination, String prefix, String since, String refused) {}
}
