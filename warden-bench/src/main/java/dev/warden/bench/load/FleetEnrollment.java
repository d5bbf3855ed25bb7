package dev.warden.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Enrolls devices through the admin API ({@code POST /things} with a CSR), as {@code warden device enroll} does, so
 * that they exist in Warden's registry with the default device policy; a few requests run in parallel because each
 * one waits on a serializable transaction.
 */
final class FleetEnrollment {
    private static final int PARALLEL_REQUESTS = 4;
    private static final String READER_POLICY = "bench-telemetry-reader";

    private final WardenAdminClient admin;

    FleetEnrollment(WardenAdminClient admin) {
        this.admin = admin;
    }

    List<BenchDevice> enroll(String prefix, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
        try {
            List<Future<BenchDevice>> pending = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String name = String.format("%s-%05d", prefix, i);
                pending.add(pool.submit(() -> enrollOne(name, null)));
            }
            List<BenchDevice> devices = new ArrayList<>(count);
            for (Future<BenchDevice> future : pending) {
                devices.add(future.get());
            }
            return devices;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The application thing: the default device policy plus read access to every device's telemetry. */
    BenchDevice enrollApplication(String name) {
        admin.createPolicy(READER_POLICY, """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Subscribe",
                   "Resource": "arn:warden:iot:%1$s:default:topicfilter/devices/+/telemetry"},
                  {"Effect": "Allow", "Action": "iot:Receive",
                   "Resource": "arn:warden:iot:%1$s:default:topic/devices/*/telemetry"}]}
                """.formatted(WardenRegion.NAME));
        BenchDevice application = enrollOne(name, null);
        admin.attachPolicy(READER_POLICY, name);
        return application;
    }

    BenchDevice enrollOne(String name, String policy) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        String csr = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(CsrBuilder.buildCsrDer(key, name))
                + "\n-----END CERTIFICATE REQUEST-----\n";
        JsonNode issued = admin.enroll(name, csr, policy);
        List<X509Certificate> chain = new ArrayList<>(
                Pem.parseCertificates(issued.path("certificatePem").asText()));
        List<X509Certificate> cas =
                Pem.parseCertificates(issued.path("chainPem").asText());
        // Leaf and intermediates; the root stays with the verifier.
        chain.addAll(cas.subList(0, Math.max(0, cas.size() - 1)));
        return new BenchDevice(name, issued.path("serial").asText(), key.getPrivate(), chain);
    }
}
