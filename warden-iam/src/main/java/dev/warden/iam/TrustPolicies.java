package dev.warden.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.policy.PolicyValidationException;
import dev.warden.policy.RequestContext;

/**
 * A role's trust policy, in either of two forms. The AWS form is a resource policy on the role: statements name who
 * may assume it in {@code Principal} and allow {@code sts:AssumeRole} (with no Resource, since the role is the
 * resource). Warden's first form is an identity-style policy whose {@code Resource} names the callers. Both decide the
 * same question: may this caller assume this role.
 */
final class TrustPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrustPolicies() {}

    /** Parses (strictly, as anything written is) and returns the policy to evaluate; throws IamException when invalid. */
    static Policy parse(String roleArn, String name, String document) {
        boolean awsForm = namesPrincipals(document);
        try {
            return awsForm
                    ? PolicyParser.parseResourcePolicyStrict(name, withRoleAsResource(document, roleArn))
                            .policy()
                    : PolicyParser.parseStrict(name, document).policy();
        } catch (PolicyValidationException e) {
            throw new IamException(
                    IamReason.INVALID_POLICY,
                    "invalid trust policy at " + e.position() + ": "
                            + e.getMessage() + " (" + e.reason()
                            + "); a trust policy is either the AWS form ({\"Effect\": "
                            + "\"Allow\", \"Principal\": {\"Warden\": \"arn:warden:iam::<account>:user/<name>\"}, \"Action\": "
                            + "\"sts:AssumeRole\"}) or Warden's ({\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", "
                            + "\"Resource\": \"arn:warden:iam::<account>:user/<name>\"})");
        }
    }

    /** Whether {@code callerArn} may assume the role whose trust policy is {@code trust}. */
    static boolean trusts(Policy trust, String roleArn, String callerArn, RequestContext context) {
        if (trust.isResourcePolicy()) {
            return PolicyEvaluator.evaluate(
                            PolicySet.of(),
                            trust,
                            callerArn,
                            new AuthorizationRequest("sts:AssumeRole", roleArn, context))
                    .allowed();
        }
        return PolicyEvaluator.evaluate(
                        PolicySet.of(trust), new AuthorizationRequest("sts:AssumeRole", callerArn, context))
                .allowed();
    }

    private static boolean namesPrincipals(String document) {
        try {
            JsonNode root = JSON.readTree(document);
            JsonNode statements = root == null ? null : root.get("Statement");
            if (statements == null) {
                return false;
            }
            for (JsonNode s :
                    statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
                if (s.has("Principal") || s.has("NotPrincipal")) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** An AWS trust statement has no Resource: the role it is attached to is the resource. */
    private static String withRoleAsResource(String document, String roleArn) {
        try {
            JsonNode root = JSON.readTree(document);
            JsonNode statements = root.get("Statement");
            ArrayNode list = statements.isArray()
                    ? (ArrayNode) statements
                    : JSON.createArrayNode().add(statements);
            for (JsonNode s : list) {
                if (s instanceof ObjectNode o && !o.has("Resource") && !o.has("NotResource")) {
                    o.put("Resource", roleArn);
                }
            }
            ((ObjectNode) root).set("Statement", list);
            return JSON.writeValueAsString(root);
        } catch (java.io.IOException | RuntimeException e) {
            return document;
        }
    }
}
