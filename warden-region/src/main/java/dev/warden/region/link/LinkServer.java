package dev.warden.region.link;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.RegionNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link server: HTTPS on the link port, only the routes of {@link LinkOperation}, each refused unless its caller is
 * authorized for it. A member-only operation needs a client certificate that names a region in its URI, that region
 * an active member, and the chain ending at that member's own root: one region's CA cannot speak for another.
 */
public final class LinkServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkServer.class);
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

    /** The region a member-only call came from, established by {@link LinkServer}. */
    public record Caller(RegionNode node) {}

    /** Handles one operation; {@code caller} is empty for {@link LinkOperation#JOIN}. */
    @FunctionalInterface
    public interface Handler {
        Object handle(Optional<Caller> caller, Context ctx);
    }

    /** Where the link server listens. */
    public record Settings(String bind, int port) {}

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Javalin app;

    /**
     * @param memberRoot the pinned root of an active member region, by region name; empty when not a member
     */
    public LinkServer(
            SSLContext tls,
            Settings listen,
            String account,
            Function<String, Optional<X509Certificate>> memberRoot,
            Map<LinkOperation, Handler> handlers) {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.jetty.addConnector((server, httpConfig) -> {
                SslContextFactory.Server factory = new SslContextFactory.Server();
                factory.setSslContext(tls);
                factory.setIncludeProtocols(dev.warden.registry.tls.TlsSettings.PROTOCOLS);
                factory.setIncludeCipherSuites(dev.warden.registry.tls.TlsSettings.CIPHER_SUITES);
                // Wanted, not needed: a joining region has no member certificate yet (its token authorizes it).
                factory.setWantClientAuth(true);
                factory.setRenegotiationAllowed(false);
                HttpConfiguration https = new HttpConfiguration(httpConfig);
                SecureRequestCustomizer customizer = new SecureRequestCustomizer();
                customizer.setSniHostCheck(false);
                https.addCustomizer(customizer);
                ServerConnector connector = new ServerConnector(
                        server, new SslConnectionFactory(factory, "http/1.1"), new HttpConnectionFactory(https));
                connector.setHost(listen.bind());
                connector.setPort(listen.port());
                return connector;
            });
        });
        app.exception(RegionException.class, (e, ctx) -> refuse(ctx, e.reason(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.warn("link operation {} failed", ctx.path(), e);
            refuse(ctx, RegionReason.INVALID_REQUEST, "the request could not be handled");
        });
        app.error(404, ctx -> {
            if (ctx.attribute("link-refused") == null) {
                refuse(ctx, RegionReason.INVALID_REQUEST, "not a link operation");
            }
        });
        handlers.forEach((op, handler) -> app.addHttpHandler(HandlerType.valueOf(op.method()), op.path(), ctx -> {
            Optional<Caller> caller = Optional.empty();
            if (op.memberOnly()) {
                caller = Optional.of(authorize(ctx, account, memberRoot));
            }
            if (!ctx.body().isEmpty()) {
                LinkSchema.checkRequest(op, JSON.readTree(ctx.body()));
            }
            Object reply = handler.handle(caller, ctx);
            JsonNode answer = JSON.valueToTree(reply == null ? Map.of() : reply);
            // What this region says is held to the schema too: a field not listed never leaves it.
            LinkSchema.checkAnswer(op, answer);
            ctx.json(answer);
        }));
    }

    public LinkServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    private static Caller authorize(
            Context ctx, String account, Function<String, Optional<X509Certificate>> memberRoot) {
        X509Certificate[] chain =
                ctx.req().getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] presented
                        ? presented
                        : null;
        if (chain == null || chain.length == 0) {
            throw new RegionException(RegionReason.PEER_NOT_MEMBER, "a member region's node certificate is required");
        }
        Optional<RegionNode> node = PeerCertificates.identity(chain[0]);
        if (node.isEmpty() || !node.get().account().equals(account)) {
            throw new RegionException(
                    RegionReason.PEER_NOT_MEMBER, "the certificate does not name a region node of this account");
        }
        Optional<X509Certificate> root = memberRoot.apply(node.get().region());
        if (root.isEmpty() || !PeerCertificates.chainsTo(chain, root.get())) {
            throw new RegionException(
                    RegionReason.PEER_NOT_MEMBER,
                    "region " + node.get().region() + " is not a member, or its certificate is not from its own CA");
        }
        return new Caller(node.get());
    }

    private static void refuse(Context ctx, RegionReason reason, String message) {
        ctx.attribute("link-refused", true);
        ctx.status(status(reason)).json(Map.of("reason", reason.name(), "message", message));
    }

    /** The link protocol's statuses (the admin API maps region reasons on its own side). */
    private static int status(RegionReason reason) {
        return switch (reason) {
            // Not 401: link requests are streamed so that the JDK never sends one twice, and HttpURLConnection does not
            // read a 401 answer to a streamed request (it would want to resend it with credentials): the reason would
            // be lost.
            case PEER_NOT_MEMBER, JOIN_TOKEN_INVALID, JOIN_TOKEN_MALFORMED -> 403;
            case REGION_NAME_TAKEN,
                    ALREADY_IN_DEPLOYMENT,
                    NOT_IN_DEPLOYMENT,
                    NOT_CONTROL_REGION,
                    NOT_AUDIT_REGION,
                    AUDIT_OUT_OF_ORDER -> 409;
            case AUDIT_TAMPERED, AUDIT_KEY_UNTRUSTED, AUDIT_NOT_METADATA -> 422;
            case RESIDENCY_VIOLATION, NOT_STANDBY -> 403;
            case UNKNOWN_REGION -> 404;
            case LINK_UNAVAILABLE, LINK_REFUSED -> 502;
            case LINK_OUTCOME_UNKNOWN -> 504;
            default -> 400;
        };
    }

    @Override
    public void close() {
        app.stop();
    }
}
