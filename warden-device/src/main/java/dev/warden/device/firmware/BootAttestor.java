package dev.warden.device.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceMessage;
import dev.warden.device.Qos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reports what the device booted, after each boot: asks the node for a nonce, signs an Entity Attestation Token
 * (RFC 9711 claims in JWT form, ES256 with the device key, {@code typ: eat+jwt}) naming the running version and the
 * SHA-256 of the running image, and returns the node's verdict. One request at a time: call it from one thread.
 *
 * <p>The claims are Warden's profile: {@code eat_nonce}, {@code sub} (the thing name), {@code iat}, {@code swname}
 * (the thing type), {@code swversion}, and {@code measurements} as {@code [{"alg": "sha-256", "digest": "<hex>"}]}.
 * The token is sent to the node only, and never logged.
 */
public final class BootAttestor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JOSEObjectType EAT_JWT = new JOSEObjectType("eat+jwt");

    private final DeviceClient client;
    private final PrivateKey key;
    private final Duration timeout;
    private final String prefix;
    private final AtomicReference<Pending> pending = new AtomicReference<>();

    /** The request waiting for its reply: {@code verb} is {@code nonce} or {@code report}. */
    private record Pending(String verb, CompletableFuture<Answer> answer) {}

    /** A reply: on {@code .../accepted} or on {@code .../rejected}. */
    private record Answer(boolean accepted, JsonNode body) {}

    /**
     * The node's answer to a report.
     *
     * @param code {@code OK} or the node's reason code ({@code UNKNOWN_IMAGE}, {@code NONCE_REUSED}, ...)
     */
    public record Verdict(boolean verified, String code, String message) {}

    /**
     * @param key the device's private key (EC P-256), the one its certificate certifies; a key held in a PKCS#11
     *            token ({@code TokenKeys}) signs there, through its registered provider
     */
    public BootAttestor(DeviceClient client, PrivateKey key, Duration timeout) {
        this.client = client;
        this.key = key;
        this.timeout = timeout;
        this.prefix = "$warden/things/" + client.thingName() + "/attestation/";
    }

    /** Subscribes to the replies on the device's attestation topics. */
    public BootAttestor start() {
        client.subscribe(prefix + "+/+", Qos.AT_LEAST_ONCE, this::onReply).join();
        return this;
    }

    /** Attests the running image: a fresh nonce, a signed token, the node's verdict. */
    public Verdict attest(String thingType, String version, String sha256Hex) {
        return report(sign(nonce(), thingType, version, sha256Hex));
    }

    /** A fresh nonce from the node. */
    public String nonce() {
        Answer answer = ask("nonce", new byte[0]);
        if (!answer.accepted()) {
            throw new IllegalStateException(
                    "the node refused a nonce: " + answer.body().path("code").asText());
        }
        return answer.body().path("nonce").asText();
    }

    /** The token for {@code nonce}: the running image's claims, signed with the device key. */
    public String sign(String nonce, String thingType, String version, String sha256Hex) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(client.thingName())
                .issueTime(new Date())
                .claim("eat_nonce", nonce)
                .claim("swname", thingType)
                .claim("swversion", version)
                .claim("measurements", List.of(Map.of("alg", "sha-256", "digest", sha256Hex)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).type(EAT_JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key, com.nimbusds.jose.jwk.Curve.P_256));
        } catch (JOSEException e) {
            throw new IllegalStateException("the device key cannot sign ES256", e);
        }
        return jwt.serialize();
    }

    /** Sends a signed token and returns the node's verdict. */
    public Verdict report(String token) {
        Answer answer = ask("report", token.getBytes(StandardCharsets.US_ASCII));
        return new Verdict(
                answer.accepted(),
                answer.body().path("code").asText(),
                answer.body().path("message").asText());
    }

    /** Publishes on {@code verb} and waits for the node's reply on {@code verb/accepted} or {@code verb/rejected}. */
    private Answer ask(String verb, byte[] payload) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Pending request = new Pending(verb, answer);
        pending.set(request);
        try {
            client.publish(prefix + verb, payload, Qos.AT_LEAST_ONCE).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the node", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer from the node to " + verb + " within " + timeout, e);
        } finally {
            pending.compareAndSet(request, null);
        }
    }

    /** On the client's I/O thread: completes the waiting request, never blocks. */
    private void onReply(DeviceMessage message) {
        String rest = message.topic().substring(prefix.length());
        Pending request = pending.get();
        if (request == null) {
            return;
        }
        boolean accepted = rest.equals(request.verb() + "/accepted");
        if (!accepted && !rest.equals(request.verb() + "/rejected")) {
            return;
        }
        try {
            request.answer().complete(new Answer(accepted, JSON.readTree(message.payload())));
        } catch (IOException e) {
            request.answer().completeExceptionally(e);
        }
    }
}
