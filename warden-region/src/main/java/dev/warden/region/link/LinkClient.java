package dev.warden.region.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.RegionNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Calls one link operation on one region. The TLS certificate must chain to the region's root (the socket factory
 * trusts nothing else) and name that region in its URI, which replaces host-name checking: regions are known by
 * identity, not by address.
 */
public final class LinkClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final String baseUrl;
    private final String peerRegion;
    private final SSLSocketFactory sockets;

    public LinkClient(String baseUrl, String peerRegion, SSLSocketFactory sockets) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.peerRegion = peerRegion;
        this.sockets = sockets;
    }

    /** Calls {@code op} with {@code query} (may be empty) and {@code body} (null for none); returns the JSON reply. */
    public JsonNode call(LinkOperation op, String query, Object body, Duration timeout) {
        // Not disconnected after a reply read to its end: the connection goes back to the keep-alive pool.
        HttpsURLConnection connection = null;
        boolean requestSent = false;
        try {
            URI uri = URI.create(baseUrl + op.path() + (query.isEmpty() ? "" : "?" + query));
            connection = (HttpsURLConnection) uri.toURL().openConnection();
            connection.setSSLSocketFactory(sockets);
            connection.setHostnameVerifier((host, session) -> namesPeer(session));
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestMethod(op.method());
            connection.setRequestProperty("Accept", "application/json");
            if (body != null) {
                // Nothing the schema does not list leaves this region.
                LinkSchema.checkRequest(op, JSON.valueToTree(body));
                byte[] request = JSON.writeValueAsBytes(body);
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                // Streamed, not buffered: a buffered POST is sent again by the JDK on its own when the answer is lost
                // (sun.net.http.retryPost), so one change could reach the peer twice without anyone knowing.
                connection.setFixedLengthStreamingMode(request.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(request);
                }
                requestSent = true;
            }
            return answer(connection, op);
        } catch (java.net.HttpRetryException e) {
            // The peer answered, with a status that wants the request sent again (an older peer's 401): a refusal.
            connection.disconnect();
            throw new RegionException(
                    RegionReason.LINK_REFUSED,
                    "region " + peerRegion + " refused " + op.name().toLowerCase(java.util.Locale.ROOT) + ": HTTP "
                            + e.responseCode(),
                    e);
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            if (requestSent) {
                throw new RegionException(
                        RegionReason.LINK_OUTCOME_UNKNOWN,
                        "region " + peerRegion + " received the request but its answer was lost (" + e.getMessage()
                                + "): it may have been carried out",
                        e);
            }
            throw new RegionException(
                    RegionReason.LINK_UNAVAILABLE,
                    "region " + peerRegion + " cannot be reached over its link at " + baseUrl + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.disconnect();
            }
            throw e;
        }
    }

    /** The peer's answer: checked against the schema, or its refusal as this region's exception. */
    private JsonNode answer(HttpsURLConnection connection, LinkOperation op) throws IOException {
        int status = connection.getResponseCode();
        byte[] bytes;
        try (InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            bytes = stream == null ? new byte[0] : stream.readNBytes(MAX_RESPONSE_BYTES);
        }
        JsonNode reply = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        if (status >= 400) {
            throw new RegionException(
                    peerReason(reply.path("reason").asText("")),
                    "region " + peerRegion + " refused " + op.name().toLowerCase(java.util.Locale.ROOT) + ": "
                            + reply.path("reason").asText("HTTP " + status) + " ("
                            + reply.path("message").asText("") + ")");
        }
        LinkSchema.checkAnswer(op, reply);
        return reply;
    }

    /**
     * The peer's own reason when it is one a caller acts on (a join token refused, a name taken), else
     * {@link RegionReason#LINK_REFUSED}: the peer's internal states are not ours to report as our own.
     */
    private static RegionReason peerReason(String reason) {
        return switch (reason) {
            case "JOIN_TOKEN_INVALID" -> RegionReason.JOIN_TOKEN_INVALID;
            case "JOIN_TOKEN_MALFORMED" -> RegionReason.JOIN_TOKEN_MALFORMED;
            case "REGION_NAME_TAKEN" -> RegionReason.REGION_NAME_TAKEN;
            case "PEER_NOT_MEMBER" -> RegionReason.PEER_NOT_MEMBER;
            // The audit region's verdict on a batch: the shipper reports it as the refusal it is.
            case "NOT_AUDIT_REGION" -> RegionReason.NOT_AUDIT_REGION;
            case "AUDIT_OUT_OF_ORDER" -> RegionReason.AUDIT_OUT_OF_ORDER;
            case "AUDIT_TAMPERED" -> RegionReason.AUDIT_TAMPERED;
            case "AUDIT_KEY_UNTRUSTED" -> RegionReason.AUDIT_KEY_UNTRUSTED;
            case "AUDIT_NOT_METADATA" -> RegionReason.AUDIT_NOT_METADATA;
            // The destination's own residency verdict: the source reports it as such, not as a broken link.
            case "RESIDENCY_VIOLATION" -> RegionReason.RESIDENCY_VIOLATION;
            default -> RegionReason.LINK_REFUSED;
        };
    }

    private boolean namesPeer(javax.net.ssl.SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            Optional<RegionNode> node = chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)
                    ? Optional.empty()
                    : PeerCertificates.identity(leaf);
            return node.isPresent() && node.get().region().equals(peerRegion);
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    /** Whether a refusal came from the network (the peer is down or cut off) rather than from the peer. */
    public static boolean unreachable(RegionException e) {
        return e.reason() == RegionReason.LINK_UNAVAILABLE || e.reason() == RegionReason.LINK_OUTCOME_UNKNOWN;
    }
}
