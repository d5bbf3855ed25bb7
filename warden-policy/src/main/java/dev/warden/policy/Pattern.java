package dev.warden.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal precompiled matcher for one action / resource / condition value. Pieces are literal text (from the
 * policy, from escapes {@code ${*}} {@code ${?}} {@code ${$}}, or from a substituted policy variable), {@code *}
 * (any run, including {@code /} and {@code :}) and {@code ?} (one character). Text substituted from a variable is
 * always matched literally. No regex; matching is the classic linear-backtracking wildcard algorithm.
 */
final class Pattern {
    static final byte LIT = 0;
    static final byte STAR = 1;
    static final byte ONE = 2;
    static final byte VAR = 3;

    private static final int K_EXACT = 0;
    private static final int K_PREFIX = 1;
    private static final int K_ANY = 2;
    private static final int K_GLOB = 3;

    private final int kind;
    private final String literal;
    final byte[] types;
    final String[] texts; // LIT: text; VAR: normalised key
    final String[] defaults; // VAR: default value or null
    private final boolean ignoreCase;
    final String source;
    /** A glob's leading and trailing literal text (or null): a cheap test that rejects most non-matches at once. */
    private final String fixedPrefix;

    private final String fixedSuffix;

    private Pattern(String source, byte[] types, String[] texts, String[] defaults, boolean ignoreCase) {
        this.source = source;
        this.types = types;
        this.texts = texts;
        this.defaults = defaults;
        this.ignoreCase = ignoreCase;
        int n = types.length;
        if (n == 0) {
            kind = K_EXACT;
            literal = "";
        } else if (n == 1 && types[0] == LIT) {
            kind = K_EXACT;
            literal = texts[0];
        } else if (n == 1 && types[0] == STAR) {
            kind = K_ANY;
            literal = null;
        } else if (n == 2 && types[0] == LIT && types[1] == STAR) {
            kind = K_PREFIX;
            literal = texts[0];
        } else {
            kind = K_GLOB;
            literal = null;
        }
        fixedPrefix = n > 1 && types[0] == LIT ? texts[0] : null;
        fixedSuffix = n > 1 && types[n - 1] == LIT ? texts[n - 1] : null;
    }

    /** Thrown by {@link #compile} for malformed variables; converted to a PolicyValidationException by the parser. */
    static final class TemplateException extends Exception {
        private static final long serialVersionUID = 1L;

        TemplateException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Compiles a template.
     *
     * @param wildcards whether {@code *} and {@code ?} in policy text are wildcards
     * @param variables whether {@code ${...}} is substituted (Version 2012-10-17)
     */
    static Pattern compile(String s, boolean wildcards, boolean variables, boolean ignoreCase)
            throws TemplateException {
        List<Byte> types = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (variables && s.startsWith("${$}", i)) {
                lit.append('$'); // escape: literal dollar
                i += 4;
            } else if (variables && c == '$' && i + 1 < n && s.charAt(i + 1) == '{') {
                i = compileVariable(s, i, lit, types, texts, defaults);
            } else if (wildcards && c == '*') {
                flush(lit, types, texts, defaults);
                if (types.isEmpty() || types.get(types.size() - 1) != STAR) {
                    types.add(STAR);
                    texts.add(null);
                    defaults.add(null);
                }
                i++;
            } else if (wildcards && c == '?') {
                flush(lit, types, texts, defaults);
                types.add(ONE);
                texts.add(null);
                defaults.add(null);
                i++;
            } else {
                lit.append(c);
                i++;
            }
        }
        flush(lit, types, texts, defaults);
        byte[] t = new byte[types.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = types.get(k);
        }
        return new Pattern(s, t, texts.toArray(new String[0]), defaults.toArray(new String[0]), ignoreCase);
    }

    /**
     * Compiles the policy variable {@code ${key}} or {@code ${key, 'default'}} (or an escape such as {@code ${*}})
     * that starts at {@code i}; returns the offset just after its closing brace.
     */
    private static int compileVariable(
            String s, int i, StringBuilder lit, List<Byte> types, List<String> texts, List<String> defaults)
            throws TemplateException {
        int n = s.length();
        int j = endOfVariableKey(s, i + 2);
        String key = s.substring(i + 2, j).trim();
        String def = null;
        if (s.charAt(j) == ',') {
            j++;
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            if (j >= n || s.charAt(j) != '\'') {
                throw new TemplateException("default value of a policy variable must be quoted with ' in '" + s + "'");
            }
            int close = s.indexOf('\'', j + 1);
            if (close < 0) {
                throw new TemplateException("unterminated default value in '" + s + "'");
            }
            def = s.substring(j + 1, close);
            j = close + 1;
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            if (j >= n || s.charAt(j) != '}') {
                throw new TemplateException("expected '}' after default value in '" + s + "'");
            }
        }
        if (key.isEmpty()) {
            throw new TemplateException("empty policy variable in '" + s + "'");
        }
        if (def == null && (key.equals("*") || key.equals("?") || key.equals("$"))) {
            lit.append(key.charAt(0)); // escape: literal, never a wildcard
        } else if (key.equals("*") || key.equals("?") || key.equals("$")) {
            throw new TemplateException("escape ${" + key + "} cannot have a default in '" + s + "'");
        } else {
            flush(lit, types, texts, defaults);
            types.add(VAR);
            texts.add(RequestContext.normalizeKey(key));
            defaults.add(def);
        }
        return j + 1;
    }

    /** The offset of the {@code '}'} or {@code ','} that ends a variable's key starting at {@code from}. */
    private static int endOfVariableKey(String s, int from) throws TemplateException {
        int n = s.length();
        int j = from;
        while (j < n && s.charAt(j) != '}' && s.charAt(j) != ',') {
            char k = s.charAt(j);
            if (k == '$' || k == '{' || k == '\'' || k < 0x20) {
                throw new TemplateException("illegal character in policy variable at offset " + j + " of '" + s + "'");
            }
            j++;
        }
        if (j >= n) {
            throw new TemplateException("unterminated policy variable in '" + s + "'");
        }
        return j;
    }

    private static void flush(StringBuilder lit, List<Byte> types, List<String> texts, List<String> defaults) {
        if (lit.length() > 0) {
            types.add(LIT);
            texts.add(lit.toString().intern());
            defaults.add(null);
            lit.setLength(0);
        }
    }

    boolean hasVariables() {
        for (byte b : types) {
            if (b == VAR) {
                return true;
            }
        }
        return false;
    }

    boolean isMatchAll() {
        return kind == K_ANY;
    }

    /**
     * The literal text every match must begin with (up to the first wildcard or variable), or null when the pattern
     * begins with a wildcard or a variable, is empty, or ignores case (a case-insensitive prefix cannot be shared).
     */
    String leadingLiteral() {
        return !ignoreCase && types.length > 0 && types[0] == LIT ? texts[0] : null;
    }

    /**
     * This pattern without its first {@code n} characters, which must all lie in its leading literal: matching the
     * result against {@code [from + n, to)} is matching this pattern against {@code [from, to)} once the caller knows
     * that the first n characters of the text equal the first n of the leading literal.
     */
    Pattern withoutLeading(int n) {
        String lead = leadingLiteral();
        if (lead == null || n > lead.length()) {
            throw new IllegalArgumentException("cannot strip " + n + " characters from '" + source + "'");
        }
        if (n == lead.length()) {
            return new Pattern(
                    source,
                    java.util.Arrays.copyOfRange(types, 1, types.length),
                    java.util.Arrays.copyOfRange(texts, 1, texts.length),
                    java.util.Arrays.copyOfRange(defaults, 1, defaults.length),
                    ignoreCase);
        }
        String[] t = texts.clone();
        t[0] = lead.substring(n).intern();
        return new Pattern(source, types, t, defaults, ignoreCase);
    }

    /**
     * The literal text every match must end with (a whole literal pattern, or a glob's trailing literal), or null
     * when the pattern may end with anything or ignores case.
     */
    String requiredSuffix() {
        if (ignoreCase) {
            return null;
        }
        return kind == K_EXACT ? literal : kind == K_GLOB ? fixedSuffix : null;
    }

    /** Whether every match of this pattern resolved the variable {@code key} (present without a default). */
    boolean resolvesOnMatch(String key) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == VAR && defaults[i] == null && texts[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(String s, RequestContext ctx) {
        return matches(s, 0, s.length(), ctx);
    }

    /** Matches the region [from, to) of s. */
    boolean matches(String s, int from, int to, RequestContext ctx) {
        switch (kind) {
            case K_ANY:
                return true;
            case K_EXACT:
                if (to - from != literal.length()) {
                    return false;
                }
                if (from == 0 && to == s.length() && s.equals(literal)) {
                    return true; // fast path: request string spelled exactly like the policy
                }
                return region(s, from, literal);
            case K_PREFIX:
                return to - from >= literal.length() && region(s, from, literal);
            default:
                if (fixedSuffix != null
                        && (to - from < fixedSuffix.length() || !region(s, to - fixedSuffix.length(), fixedSuffix))) {
                    return false;
                }
                if (fixedPrefix == null) {
                    return glob(s, 0, from, to, ctx);
                }
                if (to - from < fixedPrefix.length() || !region(s, from, fixedPrefix)) {
                    return false;
                }
                // The leading literal is matched: the glob goes on from the piece after it.
                return glob(s, 1, from + fixedPrefix.length(), to, ctx);
        }
    }

    /** Whether lit occurs in s at offset (caller checked bounds). startsWith is much faster than regionMatches. */
    private boolean region(String s, int offset, String lit) {
        return ignoreCase ? s.regionMatches(true, offset, lit, 0, lit.length()) : s.startsWith(lit, offset);
    }

    private boolean glob(String s, int firstPiece, int from, int to, RequestContext ctx) {
        final byte[] ty = types;
        final int np = ty.length;
        int p = firstPiece;
        int t = from;
        int starP = -1;
        int starT = -1;
        while (t < to || p < np) {
            if (p < np) {
                byte type = ty[p];
                if (type == STAR) {
                    if (p == np - 1) {
                        return true; // trailing star matches the rest
                    }
                    starP = p;
                    starT = nextCandidate(s, t, to, p + 1);
                    if (starT < 0) {
                        return false;
                    }
                    t = starT;
                    p++;
                    continue;
                }
                if (type == ONE) {
                    if (t < to) {
                        t += charWidth(s, t, to);
                        p++;
                        continue;
                    }
                } else {
                    String lit = type == LIT ? texts[p] : variableValue(p, ctx);
                    if (lit == null) {
                        return false; // unresolvable variable never matches
                    }
                    int len = lit.length();
                    if (to - t >= len && region(s, t, lit)) {
                        t += len;
                        p++;
                        continue;
                    }
                }
            }
            // mismatch: backtrack to the last star, letting it absorb one more character
            if (starP >= 0 && starT < to) {
                starT = nextCandidate(s, starT + 1, to, starP + 1);
                if (starT < 0) {
                    return false;
                }
                t = starT;
                p = starP + 1;
                continue;
            }
            return false;
        }
        return true;
    }

    /** How many chars the one code point at {@code t} takes: 2 for a surrogate pair within [t, to), else 1. */
    private static int charWidth(String s, int t, int to) {
        return Character.isHighSurrogate(s.charAt(t)) && t + 1 < to && Character.isLowSurrogate(s.charAt(t + 1))
                ? 2
                : 1;
    }

    /** The request's single value of the variable piece {@code p}, else its default, else null. */
    private String variableValue(int p, RequestContext ctx) {
        String value = ctx == null ? null : ctx.single(texts[p]);
        return value != null ? value : defaults[p];
    }

    /**
     * Where a star may stop absorbing, at or after {@code t}: when a case-sensitive literal follows the star, only
     * where that literal occurs (found with {@link String#indexOf}, instead of trying every position); -1 if nowhere.
     */
    private int nextCandidate(String s, int t, int to, int pieceAfterStar) {
        if (ignoreCase || pieceAfterStar >= types.length || types[pieceAfterStar] != LIT) {
            return t <= to ? t : -1;
        }
        String lit = texts[pieceAfterStar];
        int found = s.indexOf(lit, t);
        return found < 0 || found + lit.length() > to ? -1 : found;
    }

    @Override
    public String toString() {
        return source;
    }
}
