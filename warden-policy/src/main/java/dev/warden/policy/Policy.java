package dev.warden.policy;

import java.util.List;

/** An immutable, validated and compiled policy. Obtain one from {@link PolicyParser#parse}. */
public final class Policy {
    /** The current policy language version (variables substituted). */
    public static final String VERSION_2012 = "2012-10-17";
    /** The legacy version: policy variables are NOT substituted ({@code ${...}} is literal text), as in AWS. */
    public static final String VERSION_2008 = "2008-10-17";

    private final String name;
    private final String json;
    private final String version;
    private final String id;
    private final List<Statement> statements;
    private final boolean resourcePolicy;
    final Statement[] statementArray;

    Policy(String name, String json, String version, String id, List<Statement> statements, boolean resourcePolicy) {
        this.name = name;
        this.resourcePolicy = resourcePolicy;
        this.json = json;
        this.version = version;
        this.id = id;
        this.statements = List.copyOf(statements);
        this.statementArray = statements.toArray(new Statement[0]);
    }

    public String name() {
        return name;
    }

    /** The JSON text exactly as parsed. */
    public String json() {
        return json;
    }

    public String version() {
        return version;
    }

    /** The optional top-level {@code Id}, or null. */
    public String id() {
        return id;
    }

    public List<Statement> statements() {
        return statements;
    }

    /** True for a resource policy ({@link PolicyParser#parseResourcePolicy}): every statement names its Principal. */
    public boolean isResourcePolicy() {
        return resourcePolicy;
    }

    /**
     * Whether some Allow statement grants to everyone (Principal {@code *}, {@code {"AWS":"*"}} or
     * {@code {"Warden":"*"}}), whatever its conditions: what Block Public Access refuses.
     */
    public boolean grantsToEveryone() {
        for (Statement s : statementArray) {
            if (s.effect() == Effect.ALLOW && s.anyPrincipal()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Policy{" + name + ", " + statements.size() + " statements}";
    }
}
