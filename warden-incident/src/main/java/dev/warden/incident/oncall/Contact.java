package dev.warden.incident.oncall;

import java.util.Optional;

/**
 * How to reach a principal: an e-mail address, and optionally a webhook of their own (a pager bridge, a chat
 * channel). A webhook URL may carry a receiver's token in its path: only its origin is ever logged.
 */
public record Contact(String email, Optional<String> webhook) {
    public Contact {
        java.util.Objects.requireNonNull(email, "email");
        java.util.Objects.requireNonNull(webhook, "webhook");
    }

    public static Contact email(String email) {
        return new Contact(email, Optional.empty());
    }
}
