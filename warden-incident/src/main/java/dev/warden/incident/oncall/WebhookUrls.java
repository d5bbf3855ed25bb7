package dev.warden.incident.oncall;

import java.net.URI;
import java.util.Locale;

/**
 * The rule for a webhook URL (absolute http(s) with a host and no user information), and what of it may be shown:
 * only its origin, since a receiver's URL may carry a token in its path.
 */
public final class WebhookUrls {
    private WebhookUrls() {}

    /** Returns {@code url} if it is acceptable, else throws IllegalArgumentException without echoing it. */
    public static String require(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("a webhook URL is http(s)://host[:port]/path without user information");
        }
        return url;
    }

    /** {@code scheme://host[:port]}, or {@code (invalid URL)}. */
    public static String origin(String url) {
        return dev.warden.monitor.store.NotificationRecord.origin(url);
    }
}
