package dev.warden.registry.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.gateway.MqttGateway;
import dev.warden.gateway.PublishListener;
import dev.warden.pki.Pem;
import dev.warden.registry.IssuedCertificate;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import dev.warden.registry.store.CertificateDao;
import dev.warden.storage.Database;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet provisioning over MQTT, as AWS IoT's {@code $aws/provisioning-templates/<name>/provision/json}: a device
 * connected with a claim certificate publishes {@code {"csr": PEM, "parameters": {...}}} to
 * {@code $warden/provisioning-templates/<name>/provision/json} and gets its certificate on {@code .../accepted}, or
 * {@code {"code", "message"}} on {@code .../rejected} — delivered to that client only. The work (CSR check, signing,
 * the registry transaction) runs on its own bounded pool, never on the broker's thread.
 */
public final class ProvisioningOverMqtt implements PublishListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningOverMqtt.class);
    private static final Pattern TOPIC =
            Pattern.compile("\\$warden/provisioning-templates/([A-Za-z0-9_.-]{1,64})/provision/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProvisioningService provisioning;
    private final Database database;
    private final NodeAudit audit;
    private final String iotArnPrefix;
    private final ThreadPoolExecutor workers =
            new ThreadPoolExecutor(1, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), r -> {
                Thread t = new Thread(r, "mqtt-provisioning");
                t.setDaemon(true);
                return t;
            });
    private volatile MqttGateway gateway;

    /** @param iotArnPrefix {@code arn:warden:iot:<region>:<account>:}, for the templates named in the trail */
    public ProvisioningOverMqtt(
            ProvisioningService provisioning, Database database, NodeAudit audit, String iotArnPrefix) {
        this.provisioning = provisioning;
        this.database = database;
        this.audit = audit;
        this.iotArnPrefix = iotArnPrefix;
    }

    /** The gateway that carries the replies (it is built after this listener). */
    public void attach(MqttGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void onPublish(AcceptedPublish publish) {
        if (publish.identity() == null || !publish.identity().isClaim()) {
            return;
        }
        Matcher m = TOPIC.matcher(publish.topic());
        if (!m.matches()) {
            return;
        }
        String template = m.group(1);
        try {
            workers.execute(() -> provision(publish, template));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            refuse(publish, template, AuditResult.DENY, "THROTTLED", "too many provisioning requests; retry later");
        }
    }

    private void provision(AcceptedPublish publish, String template) {
        try {
            JsonNode body = JSON.readTree(publish.payload());
            if (body == null || !body.isObject()) {
                throw new RegistryException(RegistryReason.MALFORMED_JSON, "the request is not a JSON object");
            }
            X509Certificate claim = database.read(
                            h -> new CertificateDao(h).find(publish.identity().serialHex()))
                    .map(record -> Pem.parseCertificate(record.pem()))
                    .orElseThrow(() -> new RegistryException(
                            RegistryReason.CLAIM_UNKNOWN, "the claim certificate is not registered"));
            // The intent is durable before a thing or certificate exists: a crash after the issuance leaves its record.
            audit.recordDurable(event(publish, template, AuditResult.ALLOW).detail("stage", "intent"));
            IssuedCertificate issued = provisioning.provision(
                    new ProvisioningService.Credential.ClaimCertificate(claim),
                    template,
                    ProvisioningRequests.csr(body),
                    ProvisioningRequests.stringMap(body, "parameters"));
            Map<String, Object> accepted = new LinkedHashMap<>();
            accepted.put("thingName", issued.record().thingName());
            accepted.put("serial", issued.record().serial());
            accepted.put("certificatePem", issued.record().pem());
            accepted.put("chainPem", issued.chainPem());
            record(publish, template, AuditResult.ALLOW, null, issued.record().thingName());
            reply(publish, true, accepted);
        } catch (RegistryException e) {
            refuse(
                    publish,
                    template,
                    ProvisioningRequests.denial(e.reason()) ? AuditResult.DENY : AuditResult.ERROR,
                    e.code(),
                    e.getMessage());
        } catch (dev.warden.audit.AuditUnavailableException e) {
            refuse(
                    publish,
                    template,
                    AuditResult.ERROR,
                    e.reason(),
                    "the audit trail cannot record; nothing was issued");
        } catch (dev.warden.pki.PkiException e) {
            refuse(publish, template, AuditResult.ERROR, e.reason().name(), e.getMessage());
        } catch (java.io.IOException e) {
            refuse(publish, template, AuditResult.ERROR, "MALFORMED_JSON", "the request is not valid JSON");
        } catch (RuntimeException e) {
            LOG.error("provisioning over MQTT failed for client {}", publish.clientId(), e);
            refuse(publish, template, AuditResult.ERROR, "INTERNAL", "internal error");
        }
    }

    /** Every request is in the audit trail, with the claim that made it and the outcome. */
    private void record(AcceptedPublish publish, String template, AuditResult result, String code, String thing) {
        audit.record(event(publish, template, result).detail("errorCode", code).detail("thing", thing));
    }

    private dev.warden.audit.AuditEvent.Builder event(AcceptedPublish publish, String template, AuditResult result) {
        return audit.event("iot:ProvisionByClaim")
                .principal(new AuditPrincipal(
                        "claim",
                        publish.identity().attributes().get(DeviceIdentity.CLAIM_ATTRIBUTE),
                        publish.identity().sha256Fingerprint()))
                .resource(iotArnPrefix + "provisioningtemplate/" + template)
                .result(result)
                .detail("transport", "mqtt")
                .detail("clientId", publish.clientId());
    }

    private void refuse(AcceptedPublish publish, String template, AuditResult result, String code, String message) {
        record(publish, template, result, code, null);
        reply(publish, false, Map.of("code", code, "message", message));
    }

    private void reply(AcceptedPublish request, boolean accepted, Map<String, ?> body) {
        MqttGateway g = gateway;
        if (g == null) {
            return;
        }
        try {
            g.publishToClient(
                    request.clientId(),
                    request.topic() + (accepted ? "/accepted" : "/rejected"),
                    JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void close() {
        workers.shutdownNow();
    }
}
