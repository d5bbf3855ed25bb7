package dev.warden.device;

import dev.warden.gateway.ServerCredentials;
import dev.warden.testkit.TestCa;

/** The device SDK's and the gateway's types for leaves of a {@link TestCa}. */
final class TestCredentials {
    private TestCredentials() {}

    /** What a device stores after enrolment: its key, its certificate and the CA chain (issuing CA, root). */
    static DeviceCredentials device(TestCa.Leaf leaf) {
        return new DeviceCredentials(leaf.name(), leaf.privateKey(), leaf.certificate(), leaf.caChain());
    }

    /** What a TLS server presents: its key, its certificate and the issuing CA. */
    static ServerCredentials server(TestCa.Leaf leaf) {
        return new ServerCredentials(leaf.privateKey(), leaf.chain());
    }
}
