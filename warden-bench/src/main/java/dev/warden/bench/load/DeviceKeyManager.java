package dev.warden.bench.load;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of the one client TLS context all Netty connections share: each engine is registered with its
 * device before the handshake, and the certificate request is answered with that device's key and chain (alias =
 * thing name). One BoringSSL context for the whole fleet instead of one per device; netty-tcnative asks the key
 * manager through {@link #chooseEngineClientAlias} when the server requests the client certificate.
 */
final class DeviceKeyManager extends X509ExtendedKeyManager {
    private final Map<SSLEngine, BenchDevice> handshaking = new ConcurrentHashMap<>();
    private final Map<String, BenchDevice> byName = new ConcurrentHashMap<>();

    /** Until {@link #forget}, {@code engine} presents {@code device}'s certificate. */
    void register(SSLEngine engine, BenchDevice device) {
        byName.putIfAbsent(device.name(), device);
        handshaking.put(engine, device);
    }

    /** After the handshake (or the connection) ended: the engine needs no key any more. */
    void forget(SSLEngine engine) {
        handshaking.remove(engine);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        BenchDevice device = handshaking.get(engine);
        return device == null ? null : device.name();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        BenchDevice device = byName.get(alias);
        return device == null ? null : device.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        BenchDevice device = byName.get(alias);
        return device == null ? null : device.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null; // only per engine: an alias without its engine would be any device's
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
