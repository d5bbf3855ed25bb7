package dev.warden.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * An ARN {@code arn:<partition>:<service>:<region>:<account>:<resource>}. The resource part may itself contain
 * colons; region and account may be empty (as in AWS). Warden's own partition is {@code warden}.
 */
public final class Arn {
    public static final String WARDEN_PARTITION = "warden";

    private final String partition;
    private final String service;
    private final String region;
    private final String account;
    private final String resource;

    private Arn(String partition, String service, String region, String account, String resource) {
        this.partition = partition;
        this.service = service;
        this.region = region;
        this.account = account;
        this.resource = resource;
    }

    /** {@code arn:warden:<service>:<region>:<account>:<resource>}. */
    public static Arn of(String service, String region, String account, String resource) {
        return of(WARDEN_PARTITION, service, region, account, resource);
    }

    public static Arn of(String partition, String service, String region, String account, String resource) {
        checkSegments(partition, service, region, account);
        Objects.requireNonNull(resource, "resource");
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("empty resource");
        }
        return new Arn(partition, service, region, account, resource);
    }

    /** {@code arn:warden:iam::<account>:<resource>}: IAM names are global, so the region is empty. */
    public static Arn iam(String account, String resource) {
        return of("iam", "", account, resource);
    }

    /**
     * {@code arn:warden:<service>:<region>:<account>:}, what every resource ARN of a service in one region and
     * account starts with: for policy documents and per-request ARNs built by appending {@code type/name}.
     */
    public static String prefix(String service, String region, String account) {
        checkSegments(WARDEN_PARTITION, service, region, account);
        return "arn:" + WARDEN_PARTITION + ':' + service + ':' + region + ':' + account + ':';
    }

    private static void checkSegments(String partition, String service, String region, String account) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        if (partition.isEmpty() || partition.indexOf(':') >= 0) {
            throw new IllegalArgumentException("invalid partition: " + partition);
        }
        if (service.isEmpty() || service.indexOf(':') >= 0) {
            throw new IllegalArgumentException("invalid service: " + service);
        }
        if (region.indexOf(':') >= 0) {
            throw new IllegalArgumentException("invalid region: " + region);
        }
        if (account.indexOf(':') >= 0) {
            throw new IllegalArgumentException("invalid account: " + account);
        }
    }

    /** Parses an ARN; throws IllegalArgumentException if it is not {@code arn:p:s:r:a:resource} (p, s, resource non-empty). */
    public static Arn parse(String s) {
        Objects.requireNonNull(s, "arn");
        int[] cut = segmentBounds(s);
        if (cut == null) {
            throw new IllegalArgumentException("not an ARN: " + s);
        }
        if (!s.startsWith("arn:") || cut[0] != 3) {
            throw new IllegalArgumentException("ARN must start with 'arn:': " + s);
        }
        return of(
                s.substring(cut[0] + 1, cut[1]),
                s.substring(cut[1] + 1, cut[2]),
                s.substring(cut[2] + 1, cut[3]),
                s.substring(cut[3] + 1, cut[4]),
                s.substring(cut[4] + 1));
    }

    public static Optional<Arn> tryParse(String s) {
        try {
            return Optional.of(parse(s));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Positions of the first five colons, or null if there are fewer than five. Used for segment-wise matching.
     */
    static int[] segmentBounds(String s) {
        int[] cut = new int[5];
        int from = 0;
        for (int i = 0; i < 5; i++) {
            int c = s.indexOf(':', from);
            if (c < 0) {
                return null;
            }
            cut[i] = c;
            from = c + 1;
        }
        return cut;
    }

    public String partition() {
        return partition;
    }

    public String service() {
        return service;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    public String resource() {
        return resource;
    }

    public String format() {
        return "arn:" + partition + ':' + service + ':' + region + ':' + account + ':' + resource;
    }

    @Override
    public String toString() {
        return format();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Arn && ((Arn) o).format().equals(format());
    }

    @Override
    public int hashCode() {
        return format().hashCode();
    }
}
