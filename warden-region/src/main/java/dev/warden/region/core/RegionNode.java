package dev.warden.region.core;

import dev.warden.policy.Arn;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A region node's identity, the URI in its link certificate: {@code arn:warden:region::<account>:node/<region>/<node>}.
 * The region in it is what a link call is authorized by.
 */
public record RegionNode(String account, String region, String node) {
    /** Region names as AWS spells them (eu-west-1), and node names of the same alphabet. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");

    public RegionNode {
        requireName("account", account, Pattern.compile("[A-Za-z0-9_-]{1,64}"));
        requireName("region", region, NAME);
        requireName("node", node, NAME);
    }

    /** The identity's ARN. */
    public String arn() {
        return Arn.of("region", "", account, "node/" + region + "/" + node).toString();
    }

    /** The identity named by {@code uri}, when it is a region node ARN. */
    public static Optional<RegionNode> parse(String uri) {
        Optional<Arn> arn = Arn.tryParse(uri);
        if (arn.isEmpty()
                || !"region".equals(arn.get().service())
                || !arn.get().region().isEmpty()) {
            return Optional.empty();
        }
        String[] parts = arn.get().resource().split("/", -1);
        if (parts.length != 3 || !"node".equals(parts[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RegionNode(arn.get().account(), parts[1], parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code name} is a well-formed region name. */
    public static boolean isRegionName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static void requireName(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid " + what + " name: " + value);
        }
    }
}
