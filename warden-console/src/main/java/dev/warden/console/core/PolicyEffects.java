package dev.warden.console.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What a policy's creation, deletion or restore will do, said before the operator confirms it, in the terms the node
 * acts in: a deletion is refused while the policy is attached (the API's {@code POLICY_ATTACHED}), a restore writes a
 * new version (the history is never rewritten), and every change applies from the next request or packet.
 */
public final class PolicyEffects {
    private PolicyEffects() {}

    public static List<String> creation(String name, int statements) {
        return List.of(
                "Stores policy " + name + " with " + statements + " statement(s) as its version 1.",
                "It is attached to nothing: it grants or denies nothing until it is attached.");
    }

    /** The deletion's effect, or, when the policy is attached, the refusal the node will answer with. */
    public static List<String> deletion(String name, List<String> things, List<String> principals, int versions) {
        List<String> attached = new ArrayList<>();
        things.forEach(t -> attached.add("thing " + t));
        principals.forEach(p -> attached.add(p));
        if (!attached.isEmpty()) {
            return List.of(
                    "Policy " + name + " is attached to " + String.join(", ", attached) + ".",
                    "The node refuses to delete an attached policy (POLICY_ATTACHED): detach it first.");
        }
        return List.of(
                "Deletes policy " + name + " and its " + versions + " recorded version(s); this cannot be undone.",
                "A new policy of the same name would start a new history.");
    }

    /** Restoring {@code version} while {@code inForce} is the version in force. */
    public static List<String> restore(String name, int version, int inForce, int attachments) {
        return List.of(
                "Writes version " + (inForce + 1) + " of " + name + " with version " + version
                        + "'s document, as the default version (version " + inForce + " stays in the history).",
                "Its " + attachments + " attachment(s) are decided with it from their next request or packet.");
    }
}
