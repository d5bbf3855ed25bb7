package dev.warden.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one kind (identity, boundary or session) that apply to one action, prepared for matching a
 * resource. Resources of a deployment share a long literal start ({@code arn:warden:iot:eu-west-1:default:topic/}):
 * when several Resource statements begin with the same literal text, it is compared once per decision, and each of
 * them then matches only the rest of its patterns (its "tails"). A resource without that start matches none of them
 * at once. Statements that cannot share it (NotResource, or a pattern beginning with a wildcard or a variable) are
 * matched whole. Either way a statement matches exactly when {@link Statement#matchesGivenAction} says so.
 */
final class StatementScan {
    /** A shorter shared start is not worth the second code path. */
    static final int MIN_SHARED_PREFIX = 8;
    /** Scans up to this size report their matches as a bit mask (no allocation per decision). */
    static final int MAX_MASKED = 64;

    static final StatementScan EMPTY = new StatementScan(new Statement[0]);

    final Statement[] statements;
    /** The shared literal start, or null. */
    final String prefix;
    /** Per statement: its resource patterns without {@link #prefix}, or null when it is matched whole. */
    private final Pattern[][] tails;
    /** Bit i set when statement i is a Deny (only meaningful when at most {@link #MAX_MASKED} statements). */
    final long denyMask;
    /**
     * Per statement, the last (up to) {@link #TAIL_CHARS} characters every matching resource ends with, packed by
     * {@link #pack}, and the mask of the packed bits that count (0: no such characters known). A resource that does
     * not end with them is skipped without a call: most statements of a device policy differ in their last segment.
     */
    private final long[] tailWant;

    private final long[] tailMask;
    static final int TAIL_CHARS = 4;

    StatementScan(Statement[] statements) {
        this.statements = statements;
        this.prefix = sharedPrefix(statements);
        this.tails = new Pattern[statements.length][];
        this.tailWant = new long[statements.length];
        this.tailMask = new long[statements.length];
        long deny = 0;
        for (int i = 0; i < statements.length; i++) {
            Statement s = statements[i];
            String suffix = requiredSuffix(s);
            if (suffix != null && !suffix.isEmpty()) {
                int k = Math.min(TAIL_CHARS, suffix.length());
                tailWant[i] = pack(suffix, suffix.length(), k);
                tailMask[i] = k == TAIL_CHARS ? -1L : (1L << (16 * k)) - 1;
            }
            if (prefix != null && canShare(s, prefix)) {
                Pattern[] ps = s.resourcePatterns();
                Pattern[] t = new Pattern[ps.length];
                for (int k = 0; k < ps.length; k++) {
                    t[k] = ps[k].withoutLeading(prefix.length());
                }
                tails[i] = t;
            }
            if (s.isDeny() && i < MAX_MASKED) {
                deny |= 1L << i;
            }
        }
        this.denyMask = deny;
    }

    boolean masked() {
        return statements.length <= MAX_MASKED;
    }

    /** Bit i set when statement i matches the resource (requires {@link #masked()}). */
    long matchMask(String resource, RequestContext ctx) {
        final Statement[] st = statements;
        if (st.length == 0) {
            return 0; // an action no statement names: nothing to prepare
        }
        final boolean prefixFound = prefix != null && resource.startsWith(prefix);
        final int skip = prefix == null ? 0 : prefix.length();
        final int len = resource.length();
        final boolean tailKnown = len >= TAIL_CHARS;
        final long tail = tailKnown ? pack(resource, len, TAIL_CHARS) : 0;
        long mask = 0;
        for (int i = 0; i < st.length; i++) {
            if (tailKnown && (tail & tailMask[i]) != tailWant[i]) {
                continue; // cannot end as every match of this statement must
            }
            Pattern[] t = tails[i];
            boolean hit = t == null
                    ? st[i].matchesGivenAction(resource, ctx)
                    : prefixFound && st[i].matchesAfterPrefix(t, resource, skip, ctx);
            if (hit) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** Whether statement i matches the resource (any size). */
    boolean matches(int i, String resource, RequestContext ctx, boolean prefixFound) {
        Pattern[] t = tails[i];
        return t == null
                ? statements[i].matchesGivenAction(resource, ctx)
                : prefixFound && statements[i].matchesAfterPrefix(t, resource, prefix.length(), ctx);
    }

    boolean prefixFound(String resource) {
        return prefix != null && resource.startsWith(prefix);
    }

    /** The last k characters before {@code end}, the last one in the lowest 16 bits. */
    static long pack(String s, int end, int k) {
        long v = 0;
        for (int j = k; j >= 1; j--) {
            v = (v << 16) | s.charAt(end - j);
        }
        return v;
    }

    /** What every resource this statement matches ends with: known for a single Resource pattern only. */
    private static String requiredSuffix(Statement s) {
        Pattern[] ps = s.resourcePatterns();
        return s.hasNotResource() || ps.length != 1 ? null : ps[0].requiredSuffix();
    }

    /** A Resource statement with at least one pattern, every pattern case-sensitive and beginning with the prefix. */
    private static boolean canShare(Statement s, String prefix) {
        Pattern[] ps = s.resourcePatterns();
        if (s.hasNotResource() || ps.length == 0) {
            return false;
        }
        for (Pattern p : ps) {
            String lead = p.leadingLiteral();
            if (lead == null || !lead.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The literal start that saves the most comparisons: the one maximising its length times the number of
     * statements that begin with it (each statement contributing the start common to all its resource patterns).
     * One statement with a wildcard early in its ARN then does not shorten what the others share. Null when no start
     * of at least {@link #MIN_SHARED_PREFIX} characters is shared by two statements.
     *
     * <p>Sorted, the starts that share h characters are runs of neighbours whose common length is at least h, so the
     * best start is the largest rectangle under the histogram of neighbours' common lengths: O(n log n) for n
     * statements, whatever they contain.
     */
    private static String sharedPrefix(Statement[] statements) {
        List<String> starts = new ArrayList<>();
        for (Statement s : statements) {
            String start = ownStart(s);
            if (start != null) {
                starts.add(start);
            }
        }
        return bestStart(starts);
    }

    /** The start shared by two or more of {@code starts} that maximises length times sharers (see above), or null. */
    static String bestStart(List<String> starts) {
        if (starts.size() < 2) {
            return null;
        }
        String[] sorted = starts.toArray(new String[0]);
        java.util.Arrays.sort(sorted);
        int pairs = sorted.length - 1;
        int[] common = new int[pairs];
        for (int j = 0; j < pairs; j++) {
            common[j] = commonLength(sorted[j], sorted[j + 1]);
        }
        int[] stack = new int[pairs];
        int top = -1;
        long bestScore = 0;
        String best = null;
        for (int j = 0; j <= pairs; j++) {
            int height = j == pairs ? 0 : common[j];
            while (top >= 0 && common[stack[top]] >= height) {
                int at = stack[top--];
                int left = top >= 0 ? stack[top] + 1 : 0;
                long score = (long) common[at] * (j - left + 1); // j - left neighbour pairs: one statement more
                if (common[at] >= MIN_SHARED_PREFIX && score > bestScore) {
                    bestScore = score;
                    best = sorted[at].substring(0, common[at]);
                }
            }
            if (j < pairs) {
                stack[++top] = j;
            }
        }
        return best;
    }

    /** The literal start common to all of a Resource statement's patterns, or null if it has none. */
    private static String ownStart(Statement s) {
        if (s.hasNotResource() || s.resourcePatterns().length == 0) {
            return null;
        }
        String common = null;
        for (Pattern p : s.resourcePatterns()) {
            String lead = p.leadingLiteral();
            if (lead == null) {
                return null;
            }
            common = common == null ? lead : lead.substring(0, commonLength(common, lead));
        }
        return common;
    }

    private static int commonLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        // Never split a surrogate pair: the shared start ends on a whole character.
        if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
