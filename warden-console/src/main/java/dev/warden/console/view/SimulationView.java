package dev.warden.console.view;

/**
 * The simulator's answer, as {@code warden policy simulate} prints it: the decision, its basis, the deciding statement
 * (policy, index and Sid; empty for an implicit deny) and the evaluator's explanation; or why the request was refused.
 */
public record SimulationView(
        String decision, String basis, String decidingStatement, String explanation, String error) {}
