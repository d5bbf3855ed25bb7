package dev.warden.gateway;

import dev.warden.policy.RequestContext;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.UUID;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a CONNECT: the caller's authenticator maps the certificate to a thing, an empty client ID is given the
 * thing's name, and the thing's policies must allow iot:Connect on {@code client/<clientId>} (and iot:Publish of the
 * will, if any). Which client IDs a thing may use is up to its policies alone, as in AWS IoT: the built-in device
 * policy allows only {@code client/${iot:Connection.Thing.ThingName}}. Runs on a worker thread because the
 * authenticator and policy provider may block. Every failure path refuses.
 */
final class ConnectAuthorization {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectAuthorization.class);

    private final GatewayConfig config;
    private final DeviceAuthenticator authenticator;
    private final PolicyProvider policies;
    private final GatewayEvents events;

    /**
     * Either an identity with its authorizer and the client ID it connects with (the one it sent, or the one
     * assigned to it), or a refusal (with the server to use instead, when the device belongs elsewhere).
     */
    record Outcome(
            DeviceIdentity identity,
            Authorizer authorizer,
            String clientId,
            Packets.Refusal refusal,
            boolean sourceAtFault,
            String serverReference,
            boolean pushesBack) {
        /** A refusal counts against the source address (toward a firewall ban) unless the gateway's side failed. */
        Outcome(DeviceIdentity identity, Authorizer authorizer, String clientId, Packets.Refusal refusal) {
            this(identity, authorizer, clientId, refusal, refusal != null, "", false);
        }

        static Outcome refused(DeviceIdentity identity) {
            return refused(identity, Packets.Refusal.NOT_AUTHORIZED);
        }

        static Outcome refused(DeviceIdentity identity, Packets.Refusal refusal) {
            return new Outcome(identity, null, null, refusal);
        }

        /** Refused because the authenticator failed: not the device's fault, so it must not lead to a ban. */
        static Outcome authenticatorFailed() {
            return new Outcome(null, null, null, Packets.Refusal.NOT_AUTHORIZED, false, "", false);
        }

        /**
         * Refused because the device belongs to another server. Not held against the source: the device proved a key
         * certified for the deployment, it is misdirected, and a ban would also hit the devices sharing its address.
         */
        static Outcome redirected(String serverReference) {
            return new Outcome(null, null, null, Packets.Refusal.USE_ANOTHER_SERVER, false, serverReference, false);
        }

        boolean accepted() {
            return refusal == null;
        }
    }

    ConnectAuthorization(
            GatewayConfig config, DeviceAuthenticator authenticator, PolicyProvider policies, GatewayEvents events) {
        this.config = config;
        this.authenticator = authenticator;
        this.policies = policies;
        this.events = events;
    }

    /**
     * @param chain             the chain the client presented in TLS, leaf first
     * @param requestedClientId empty when the gateway is to assign one
     */
    Outcome decide(X509Certificate[] chain, String requestedClientId, String sourceIp, Message will) {
        X509Certificate certificate = chain[0];
        String serial = certificate.getSerialNumber().toString(16);
        AuthenticationResult result = authenticate(chain, serial);
        if (result instanceof AuthenticationResult.Rejected rejected) {
            LOG.info(
                    "Refused client {} from {} (certificate serial {}): {} {}",
                    requestedClientId,
                    sourceIp,
                    serial,
                    rejected.reason(),
                    rejected.detail());
            events.authenticationFailed(sourceIp, requestedClientId, serial, rejected.reason(), rejected.detail());
            return rejected.reason() == AuthenticationResult.RejectionReason.AUTHENTICATOR_ERROR
                    ? Outcome.authenticatorFailed()
                    : Outcome.refused(null);
        }
        if (result instanceof AuthenticationResult.Redirected redirected) {
            LOG.info(
                    "Refused client {} from {} (certificate serial {}): {}, sent to {}",
                    requestedClientId,
                    sourceIp,
                    serial,
                    redirected.reason(),
                    redirected.serverReference().isEmpty() ? "no known server" : redirected.serverReference());
            events.connectRedirected(sourceIp, requestedClientId, serial, redirected);
            return Outcome.redirected(redirected.serverReference());
        }
        DeviceIdentity identity = ((AuthenticationResult.Accepted) result).identity();
        String clientId = requestedClientId.isEmpty() ? assignedClientId(identity) : requestedClientId;
        if (!ConnectRequest.validClientId(clientId, config.limits())) {
            // Only an assigned one can be invalid here (a thing name too long for a client ID).
            LOG.info(
                    "Refused client of thing {} from {}: its name is no valid client ID to assign",
                    identity.thingName(),
                    sourceIp);
            return Outcome.refused(identity, Packets.Refusal.CLIENT_ID_NOT_VALID);
        }
        // A guest's policies name its home region's resources: decided against those, not this region's.
        Authorizer authorizer = new Authorizer(
                () -> policies.policiesFor(identity),
                context(identity, clientId, sourceIp, certificate),
                identity.isGuest() ? identity.homeRegion() : config.region(),
                config.account(),
                events,
                identity,
                clientId);
        if (!authorizer.mayConnect()) {
            return Outcome.refused(identity);
        }
        if (will != null && !authorizer.mayPublish(will.topic(), will.retain())) {
            return Outcome.refused(identity);
        }
        return new Outcome(identity, authorizer, clientId, null, false, "", authorizer.mayPushBack());
    }

    /** The authenticator's decision; a rejection (AUTHENTICATOR_ERROR) when it failed or decided nothing. */
    private AuthenticationResult authenticate(X509Certificate[] chain, String serial) {
        AuthenticationResult result;
        try {
            result = authenticator.authenticate(chain.clone());
        } catch (RuntimeException e) {
            LOG.warn("Device authenticator failed for certificate serial {}; refusing", serial, e);
            result = null;
        }
        if (result == null) {
            result = AuthenticationResult.reject(
                    AuthenticationResult.RejectionReason.AUTHENTICATOR_ERROR,
                    "authenticator failed or returned no decision");
        }
        return result;
    }

    /**
     * The client ID given to a CONNECT that sent none: the thing name, so that policies treat it as the device's own
     * (MQTT 5 tells the client in CONNACK). A provisioning claim has no thing yet, and many devices share one claim,
     * so each of its connections gets a random ID instead.
     */
    private static String assignedClientId(DeviceIdentity identity) {
        return identity.isClaim() ? "claim-" + UUID.randomUUID() : identity.thingName();
    }

    private static RequestContext context(
            DeviceIdentity identity, String clientId, String sourceIp, X509Certificate certificate) {
        RequestContext.Builder builder = RequestContext.builder()
                .put(RequestContext.CLIENT_ID, clientId)
                .put(RequestContext.THING_NAME, identity.thingName())
                .put(RequestContext.THING_IS_ATTACHED, "true")
                .put(RequestContext.SOURCE_IP, sourceIp);
        String cn = commonName(certificate);
        if (cn != null) {
            builder.put(RequestContext.CERT_SUBJECT_CN, cn);
        }
        for (Map.Entry<String, String> e : identity.attributes().entrySet()) {
            builder.put("iot:Connection.Thing.Attributes[" + e.getKey() + "]", e.getValue());
        }
        return builder.build();
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            LOG.debug("Unparsable certificate subject", e);
        }
        return null;
    }
}
