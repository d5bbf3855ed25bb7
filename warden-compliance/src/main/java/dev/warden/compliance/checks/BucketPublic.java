package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.inventory.BucketView;
import dev.warden.compliance.inventory.BucketsView;
import dev.warden.compliance.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * BUCKET_PUBLIC: the seed's "publicly accessible storage buckets". A bucket whose policy grants to everyone
 * (Principal {@code *}) is public (critical; the fix deletes its policy); Block Public Access turned off means any
 * bucket may become public with one policy (high; the fix turns it back on, which the node refuses while a public
 * policy exists, so that fix is offered only when none does).
 */
final class BucketPublic implements Check {
    @Override
    public CheckId id() {
        return CheckId.BUCKET_PUBLIC;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        BucketsView buckets = inventory.buckets();
        List<Finding> out = new ArrayList<>();
        for (BucketView b : buckets.buckets()) {
            if (b.grantsToEveryone()) {
                out.add(Findings.withFix(
                        Findings.of(
                                id(),
                                b.arn(),
                                "POLICY_GRANTS_EVERYONE",
                                "Bucket " + b.name() + " has a policy that grants access to everyone (Principal *)",
                                "Delete the bucket's policy, or name the principals that need access instead of *;"
                                        + " then turn Block Public Access back on."),
                        Fixes.deleteBucketPolicy(b.name())));
            }
        }
        if (!buckets.blockPublicAccess()) {
            Finding off = Findings.of(
                    id(),
                    Severity.HIGH,
                    context.arn("warden", "public-access-block"),
                    "BLOCK_PUBLIC_ACCESS_OFF",
                    "Block Public Access is off: any bucket policy granting to everyone would be accepted",
                    "Turn Block Public Access on (warden bucket public-access-block --on)"
                            + (out.isEmpty() ? "." : " once no bucket policy grants to everyone."));
            out.add(out.isEmpty() ? Findings.withFix(off, Fixes.blockPublicAccess()) : off);
        }
        return out;
    }
}
