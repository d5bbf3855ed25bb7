package dev.warden.bench;

import java.net.URI;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Fixtures shared by the benchmarks. */
final class BenchDatabases {
    private BenchDatabases() {}

    /** A new schema on the PostgreSQL server of {@code url}; returns a URL whose connections use it. */
    static String freshSchema(String url) throws Exception {
        URI uri = URI.create(url);
        String[] user = uri.getUserInfo().split(":", 2);
        String jdbc =
                "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(jdbc, user[0], user.length > 1 ? user[1] : "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A CSR with an empty subject, signed by its key (proof of possession still holds). */
    static byte[] csrWithoutSubject(KeyPair key) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(
                            new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))
                    .getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
