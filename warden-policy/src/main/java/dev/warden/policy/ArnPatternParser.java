package dev.warden.policy;

import static dev.warden.policy.ParseSupport.abbreviate;
import static dev.warden.policy.ParseSupport.compile;
import static dev.warden.policy.ParseSupport.err;

import dev.warden.policy.JsonTree.Node;

/** Resources and ARNs: the ARN skeleton check, the {@code aws} partition of imported policies, resource patterns. */
final class ArnPatternParser {
    private static final String LOWER_SEGMENT = "abcdefghijklmnopqrstuvwxyz0123456789-*?\u0001";
    private static final String ACCOUNT_SEGMENT =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*?\u0001";

    private ArnPatternParser() {}

    /** A Resource / NotResource entry: {@code "*"} or an ARN pattern (wildcards, and variables if enabled). */
    static Pattern resource(Node r, boolean variables) {
        String text = r.text;
        if (text.equals("*")) {
            return compile(r, "*", true, false, false);
        }
        String reason = arnProblem(text, variables);
        if (reason != null) {
            throw err(PolicyValidationReason.INVALID_RESOURCE, r, reason + ": \"" + abbreviate(text) + "\"");
        }
        return compile(r, normalizePartition(text), true, variables, false);
    }

    /** Maps the {@code aws} partition of imported policies to {@code warden}. */
    static String normalizePartition(String s) {
        return s.startsWith("arn:aws:") ? "arn:warden:" + s.substring(8) : s;
    }

    /**
     * Checks the ARN skeleton (variables replaced by a placeholder so that their colons do not count). Returns a
     * problem description or null.
     */
    static String arnProblem(String text, boolean variables) {
        StringBuilder sk = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return "control character in resource";
            }
            if (variables && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    return "unterminated policy variable";
                }
                sk.append('\u0001');
                i = close;
            } else {
                sk.append(c);
            }
        }
        return skeletonProblem(sk.toString());
    }

    private static String skeletonProblem(String s) {
        int[] cut = Arn.segmentBounds(s);
        if (cut == null || !s.startsWith("arn:") || cut[0] != 3) {
            return "resource must be \"*\" or arn:<partition>:<service>:<region>:<account>:<resource>";
        }
        String partition = s.substring(cut[0] + 1, cut[1]);
        if (!partition.equals("warden") && !partition.equals("aws")) {
            return "ARN partition must be \"warden\" (or \"aws\" for imported policies), got \"" + partition + "\"";
        }
        String service = s.substring(cut[1] + 1, cut[2]);
        if (service.isEmpty() || !chars(service, LOWER_SEGMENT)) {
            return "invalid ARN service \"" + service + "\"";
        }
        String region = s.substring(cut[2] + 1, cut[3]);
        if (!chars(region, LOWER_SEGMENT)) {
            return "invalid ARN region \"" + region + "\"";
        }
        String account = s.substring(cut[3] + 1, cut[4]);
        if (!chars(account, ACCOUNT_SEGMENT)) {
            return "invalid ARN account \"" + account + "\"";
        }
        if (cut[4] == s.length() - 1) {
            return "empty ARN resource part";
        }
        return null;
    }

    private static boolean chars(String s, String allowed) {
        for (int i = 0; i < s.length(); i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
