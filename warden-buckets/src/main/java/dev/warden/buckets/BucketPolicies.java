package dev.warden.buckets;

import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
import dev.warden.policy.Statement;
import dev.warden.storage.Database;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Buckets' resource policies and the account's Block Public Access switch, kept together and apart from objects
 * because each guards the other: a policy is stored only if every resource it names lies in its own bucket and, while
 * Block Public Access is on, only if it grants nothing to everyone; the switch turns on only while no stored policy
 * does. A stored policy that no longer parses is a failure for authorization, never "no policy".
 */
final class BucketPolicies {
    private final BucketStore store;
    private final Database db;
    private final String region;
    private final PublicAccessBlock publicAccessBlock;

    BucketPolicies(BucketStore store, Database db, String region, PublicAccessBlock publicAccessBlock) {
        this.store = store;
        this.db = db;
        this.region = region;
        this.publicAccessBlock = publicAccessBlock;
    }

    void setPublicAccessBlock(boolean on) {
        List<String> open = new ArrayList<>();
        if (on) {
            for (String name : db.read(h -> new BucketDao(h).withPolicy(region))) {
                Policy policy = resourcePolicy(name);
                if (policy != null && policy.grantsToEveryone()) {
                    open.add(name);
                }
            }
        }
        publicAccessBlock.set(on, open);
    }

    Policy put(String name, String document) {
        Bucket bucket = store.bucket(name);
        if (document == null || document.getBytes(StandardCharsets.UTF_8).length > BucketStore.MAX_POLICY_BYTES) {
            throw new BucketException(
                    BucketReason.POLICY_TOO_LARGE,
                    "a bucket policy has at most " + BucketStore.MAX_POLICY_BYTES + " bytes");
        }
        Policy policy = parse(name, document);
        String bucketArn = store.arn(name, null);
        for (Statement s : policy.statements()) {
            for (String resource : s.resources()) {
                String normalized = resource.startsWith("arn:aws:") ? "arn:warden:" + resource.substring(8) : resource;
                if (!normalized.equals(bucketArn) && !normalized.startsWith(bucketArn + "/")) {
                    throw new BucketException(
                            BucketReason.INVALID_POLICY_RESOURCE,
                            "statement " + (s.sid() != null ? s.sid() : "#" + s.index()) + " names " + resource
                                    + "; a bucket policy may name only " + bucketArn
                                    + " and " + bucketArn + "/...");
                }
            }
        }
        publicAccessBlock.check("bucket '" + name + "'", policy);
        db.useTransaction(h -> {
            BucketDao dao = new BucketDao(h);
            if (dao.find(region, name).filter(b -> b.id().equals(bucket.id())).isEmpty()) {
                throw new BucketException(BucketReason.NO_SUCH_BUCKET, "no bucket named '" + name + "'");
            }
            dao.setPolicy(region, name, document);
        });
        return policy;
    }

    String get(String name) {
        String policy = store.bucket(name).policy();
        if (policy == null) {
            throw new BucketException(BucketReason.NO_SUCH_BUCKET_POLICY, "bucket '" + name + "' has no policy");
        }
        return policy;
    }

    void delete(String name) {
        store.bucket(name);
        db.useTransaction(h -> new BucketDao(h).setPolicy(region, name, null));
    }

    Policy resourcePolicy(String name) {
        if (name == null || !BucketNames.NAME.matcher(name).matches()) {
            return null;
        }
        Optional<Bucket> bucket = db.read(h -> new BucketDao(h).find(region, name));
        if (bucket.isEmpty() || bucket.get().policy() == null) {
            return null;
        }
        return PolicyParser.parseResourcePolicy("bucket/" + name, bucket.get().policy());
    }

    private static Policy parse(String name, String document) {
        try {
            return PolicyParser.parseResourcePolicyStrict("bucket/" + name, document)
                    .policy();
        } catch (PolicyValidationException e) {
            throw new BucketException(
                    BucketReason.INVALID_POLICY,
                    "invalid at " + e.position() + ": " + e.getMessage() + " (" + e.reason() + ")");
        }
    }
}
