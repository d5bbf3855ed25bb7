package dev.warden.policy;

/**
 * One authorization question: may the principal described by {@code context} perform {@code action} (e.g.
 * {@code iot:Publish}) on {@code resource} (an ARN)? A null context is treated as empty.
 */
public record AuthorizationRequest(String action, String resource, RequestContext context) {

    public AuthorizationRequest(String action, String resource) {
        this(action, resource, RequestContext.empty());
    }
}
