package dev.warden.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.api.ErrorResponses;
import dev.warden.node.config.WardenConfig;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.storage.SecureFiles;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The node's two HTTP servers, created but not started: the public HTTP endpoint and the HTTPS admin API. */
final class NodeHttp {
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private NodeHttp() {}

    /** The public endpoint (plain HTTP: CRL, OCSP, published keys, health). */
    static Javalin publicApp() {
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
        });
        ErrorResponses.install(app);
        return app;
    }

    /** The admin API: HTTPS only, on the admin port; TLS requests but does not require a client certificate. */
    static Javalin adminApp(WardenConfig config, SSLContext sslContext) {
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.jetty.addConnector((server, httpConfig) -> httpsConnector(config, server, httpConfig, sslContext));
        });
        ErrorResponses.install(app);
        return app;
    }

    /** {@code endpoints.json} in the data directory: where the CLI and tools find this node. */
    static void writeEndpoints(
            NodeLayout layout, WardenConfig config, int adminPort, int publicPort, int mqttPort, String linkUrl) {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("admin", "https://" + hostFor(config.bind()) + ":" + adminPort);
        endpoints.put("public", "http://" + hostFor(config.bind()) + ":" + publicPort);
        endpoints.put("mqtt", "mqtts://" + hostFor(config.bind()) + ":" + mqttPort);
        endpoints.put("region", config.region());
        if (linkUrl != null) {
            endpoints.put("link", linkUrl);
        }
        try {
            SecureFiles.writePublic(layout.endpointsFile(), new ObjectMapper().writeValueAsString(endpoints));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hostFor(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static ServerConnector httpsConnector(
            WardenConfig config, Server server, HttpConfiguration httpConfig, SSLContext sslContext) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(sslContext);
        tls.setIncludeProtocols(TlsSettings.PROTOCOLS);
        tls.setIncludeCipherSuites(TlsSettings.CIPHER_SUITES);
        tls.setWantClientAuth(true);
        tls.setRenegotiationAllowed(false);
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        https.addCustomizer(customizer);
        ServerConnector connector = new ServerConnector(
                server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(config.bind());
        connector.setPort(config.adminPort());
        return connector;
    }
}
