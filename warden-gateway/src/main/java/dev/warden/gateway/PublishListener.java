package dev.warden.gateway;

/**
 * Receives every accepted PUBLISH, for storage or forwarding outside the broker. Called on the broker's single
 * thread: an implementation must return at once (queue the message and work elsewhere), never block, and never
 * throw; an exception is logged and ignored so that routing goes on.
 */
@FunctionalInterface
public interface PublishListener {
    /** Ignores everything. */
    PublishListener NONE = publish -> {};

    void onPublish(AcceptedPublish publish);
}
