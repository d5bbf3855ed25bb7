package dev.warden.incident.notify;

/**
 * Told once when a notification ends, delivered or failed for good, on an outbox thread: the node writes each into the
 * incident's audit trail. Show {@link NotificationRecord#target()}, not the address (a webhook URL may carry a token).
 * An exception thrown here is logged and does not change the notification's state.
 */
public interface NotificationListener {
    void delivered(NotificationRecord notification);

    void failed(NotificationRecord notification);

    NotificationListener NONE = new NotificationListener() {
        @Override
        public void delivered(NotificationRecord notification) {}

        @Override
        public void failed(NotificationRecord notification) {}
    };
}
