package dev.warden.policy;

import dev.warden.policy.JsonTree.Kind;
import dev.warden.policy.JsonTree.Node;
import java.util.List;
import java.util.Set;

/** Helpers shared by the parsers behind {@link PolicyParser}: typed reads of JSON nodes and positioned errors. */
final class ParseSupport {
    private ParseSupport() {}

    static String string(Node n, String what) {
        if (n.kind != Kind.STRING) {
            throw err(PolicyValidationReason.WRONG_TYPE, n, what + " must be a string, got " + n.typeName());
        }
        return n.text;
    }

    /** A non-empty string or a non-empty array of non-empty strings, as the nodes that hold the strings. */
    static List<Node> stringList(Node n, String what) {
        if (n.kind == Kind.STRING) {
            if (n.text.isEmpty()) {
                throw err(PolicyValidationReason.EMPTY_VALUE, n, what + " is empty");
            }
            return List.of(n);
        }
        if (n.kind != Kind.ARRAY) {
            throw err(
                    PolicyValidationReason.WRONG_TYPE,
                    n,
                    what + " must be a string or an array of strings, got " + n.typeName());
        }
        if (n.items.isEmpty()) {
            throw err(PolicyValidationReason.EMPTY_VALUE, n, what + " is an empty array");
        }
        for (Node i : n.items) {
            if (i.kind != Kind.STRING) {
                throw err(PolicyValidationReason.WRONG_TYPE, i, what + " entries must be strings, got " + i.typeName());
            }
            if (i.text.isEmpty()) {
                throw err(PolicyValidationReason.EMPTY_VALUE, i, what + " entry is empty");
            }
        }
        return n.items;
    }

    /** Compiles a pattern; a malformed variable is an {@link PolicyValidationReason#INVALID_VARIABLE} at {@code n}. */
    static Pattern compile(Node n, String text, boolean wildcards, boolean variables, boolean ignoreCase) {
        try {
            return Pattern.compile(text, wildcards, variables, ignoreCase);
        } catch (Pattern.TemplateException e) {
            throw err(PolicyValidationReason.INVALID_VARIABLE, n, e.getMessage());
        }
    }

    /** Adds the variables of {@code p} that have no default: the request must supply them. */
    static void collectRequired(Pattern p, Set<String> required) {
        for (int i = 0; i < p.types.length; i++) {
            if (p.types[i] == Pattern.VAR && p.defaults[i] == null) {
                required.add(p.texts[i]);
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static PolicyValidationException err(PolicyValidationReason reason, Node n, String detail) {
        return new PolicyValidationException(reason, n.line, n.column, n.pointer, detail);
    }
}
