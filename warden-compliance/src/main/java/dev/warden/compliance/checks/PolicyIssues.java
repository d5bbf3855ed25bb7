package dev.warden.compliance.checks;

import dev.warden.policy.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a policy check found in one policy, statement by statement: the first reason names the finding. */
final class PolicyIssues {
    private static final int MAX_DETAIL = 1_500;

    private final List<String> reasons = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    void add(String reason, Statement statement, String message) {
        String line = PolicyKinds.where(statement) + ": " + message;
        if (!details.contains(line)) {
            reasons.add(reason);
            details.add(line);
        }
    }

    void add(String reason, String message) {
        reasons.add(reason);
        details.add(message);
    }

    boolean isEmpty() {
        return reasons.isEmpty();
    }

    String reason() {
        return reasons.get(0);
    }

    String detail() {
        String all = String.join("; ", details);
        return all.length() <= MAX_DETAIL ? all : all.substring(0, MAX_DETAIL) + "...";
    }
}
