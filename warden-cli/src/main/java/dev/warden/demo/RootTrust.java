package dev.warden.demo;

import dev.warden.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS that trusts only the node's root CA: how the demo's and the drills' attackers reach the admin API. */
final class RootTrust {
    private RootTrust() {}

    static SSLContext context(Path rootCa) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("warden-root", Pem.parseCertificate(Files.readString(rootCa)));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        return tls;
    }
}
