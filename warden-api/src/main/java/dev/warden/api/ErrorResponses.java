package dev.warden.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warden.audit.AuditUnavailableException;
import dev.warden.buckets.BucketException;
import dev.warden.compliance.ComplianceException;
import dev.warden.iam.IamException;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.monitor.MonitorException;
import dev.warden.pki.PkiException;
import dev.warden.registry.RegistryException;
import dev.warden.storage.StorageException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to one JSON shape, {@code {"error": {"code", "message", "requestId"}}}, in one place. Client
 * errors carry a stable code; anything unexpected becomes "internal error" plus a request id, details only in the log.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** The request attribute that carries the error code of a failed request, for the audit trail. */
    public static final String ERROR_CODE = "errorCode";

    private ErrorResponses() {}

    public static void install(Javalin app) {
        app.before(ctx -> ctx.attribute("requestId", UUID.randomUUID().toString()));
        app.exception(Exception.class, (e, ctx) -> respond(ctx, e));
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                send(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> send(ctx, 405, "METHOD_NOT_ALLOWED", "method not allowed"));
        app.error(413, ctx -> {
            // A route that refused a body with its own 413 reason (e.g. OBJECT_TOO_LARGE) keeps it.
            if (ctx.attribute(ERROR_CODE) == null) {
                send(ctx, 413, "REQUEST_TOO_LARGE", "the request body is too large");
            }
        });
    }

    /**
     * Wraps a route so that its failures are answered here, inside the handler, with the one error shape.
     */
    public static io.javalin.http.Handler guarded(io.javalin.http.Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (Exception e) {
                respond(ctx, e);
            }
        };
    }

    /** Maps any failure to its status and stable code. */
    public static void respond(Context ctx, Exception failure) {
        if (failure instanceof ApiException e) {
            send(ctx, e.status(), e.code(), e.getMessage());
        } else if (failure instanceof AuditUnavailableException e) {
            send(ctx, 503, e.reason(), "the audit trail cannot record actions right now; nothing was changed");
        } else if (failure instanceof PkiException e) {
            send(
                    ctx,
                    e.reason().name().equals("INTERNAL") ? 500 : 400,
                    e.reason().name(),
                    e.getMessage());
        } else if (failure instanceof IamException e) {
            send(ctx, ReasonStatuses.of(e.reason()), e.code(), e.getMessage());
        } else if (failure instanceof RegistryException e) {
            send(ctx, ReasonStatuses.of(e.reason()), e.code(), e.getMessage());
        } else if (failure instanceof BucketException e) {
            send(ctx, ReasonStatuses.of(e.reason()), e.code(), e.getMessage());
        } else if (failure instanceof KmsException e) {
            kms(ctx, e);
        } else if (failure instanceof MonitorException e) {
            monitor(ctx, e);
        } else if (failure instanceof ComplianceException e) {
            // Its messages name findings, checks and resources (ARNs), never a secret.
            send(ctx, ReasonStatuses.of(e.reason()), e.code(), e.getMessage());
        } else if (failure instanceof dev.warden.incident.IncidentException e) {
            // Its messages name incidents, phases, tasks and playbook steps, never a secret.
            send(ctx, ReasonStatuses.of(e.reason()), e.code(), e.getMessage());
        } else if (failure instanceof dev.warden.e2e.E2eException e) {
            // Its messages name recipients and key ids, never key material or payloads.
            send(ctx, ReasonStatuses.of(e.reason()), e.reason().name(), e.getMessage());
        } else if (failure instanceof dev.warden.jobs.JobException e) {
            // Its messages name jobs, things and execution states, never a job document's grant.
            send(ctx, ReasonStatuses.of(e.reason()), e.reason().name(), e.getMessage());
        } else if (failure instanceof dev.warden.firmware.FirmwareException e) {
            // Its messages name thing types, versions and bucket parts, never image content.
            send(ctx, ReasonStatuses.of(e.reason()), e.reason().name(), e.getMessage());
        } else if (failure instanceof dev.warden.region.RegionException e) {
            // Its messages name regions, link URLs and sequence numbers, never a token or key.
            send(ctx, ReasonStatuses.of(e.reason()), e.code(), e.getMessage());
        } else if (failure instanceof StorageException e) {
            switch (e.reason()) {
                case NOT_FOUND -> send(ctx, 404, "NOT_FOUND", e.getMessage());
                case ALREADY_EXISTS -> send(ctx, 409, "ALREADY_EXISTS", e.getMessage());
                case CONFLICT -> send(ctx, 409, conflictCode(e.getMessage()), e.getMessage());
                case INVALID -> send(ctx, 400, "INVALID", e.getMessage());
                case UNAVAILABLE -> internal(ctx, e);
            }
        } else if (failure instanceof JsonProcessingException) {
            send(ctx, 400, "MALFORMED_JSON", "the request body is not valid JSON for this operation");
        } else if (failure instanceof HttpResponseException e) {
            send(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage());
        } else {
            internal(ctx, failure);
        }
    }

    /**
     * A KMS refusal: its reason is the code. Messages name keys, owners and secrets but never values or key material
     * (a guarantee of {@link KmsException}); server-side failures still show only "internal error", except a failed
     * rotation, whose message is written for the operator and names the failed step only.
     */
    private static void kms(Context ctx, KmsException e) {
        int status = kmsStatus(e.reason());
        if (status < 500) {
            send(ctx, status, e.reason().name(), e.getMessage());
            return;
        }
        LOG.error("request {} {} {} failed: {}", requestId(ctx), ctx.method(), ctx.path(), e.toString());
        send(
                ctx,
                status,
                e.reason().name(),
                e.reason() == KmsReason.ROTATION_FAILED ? e.getMessage() : "internal error");
    }

    /**
     * A monitoring refusal: its reason is the code. Its message names profiles, alarms and targets, never a secret
     * (a guarantee of {@link MonitorException}), so even a failed mitigation tells the operator which step failed.
     */
    private static void monitor(Context ctx, MonitorException e) {
        int status = ReasonStatuses.of(e.reason());
        if (status >= 500) {
            LOG.error("request {} {} {} failed: {}", requestId(ctx), ctx.method(), ctx.path(), e.toString());
        }
        send(ctx, status, e.code(), e.getMessage());
    }

    static int kmsStatus(KmsReason reason) {
        return switch (reason) {
            case KEY_NOT_FOUND, SECRET_NOT_FOUND -> 404;
            case ALREADY_EXISTS, KEY_PENDING_DELETION, KEY_DELETED, KEY_DESTROYED, INVALID_STATE -> 409;
            case INVALID_ARGUMENT, DECRYPTION_FAILED, WRONG_CONTEXT, WRONG_REGION -> 400;
            // As AWS KMS: InvalidKeyUsage, UnsupportedOperation and KMSInvalidSignature are client errors.
            case INVALID_KEY_USAGE, UNSUPPORTED_OPERATION, INVALID_SIGNATURE -> 400;
            // As AWS's CustomKeyStoreNotFound: the caller asked this node for something it is not set up for.
            case HSM_NOT_CONFIGURED -> 400;
            case HSM_UNAVAILABLE -> 503;
            case WRONG_PASSPHRASE, MASTER_KEY_UNAVAILABLE, ROTATION_FAILED, INTERNAL -> 500;
        };
    }

    private static String conflictCode(String message) {
        return message != null && message.startsWith("DEVICE_CERTIFICATE_SHARED")
                ? "DEVICE_CERTIFICATE_SHARED"
                : "CONFLICT";
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 413 -> "REQUEST_TOO_LARGE";
            default -> "HTTP_" + status;
        };
    }

    private static void internal(Context ctx, Exception e) {
        String requestId = requestId(ctx);
        LOG.error("request {} {} {} failed", requestId, ctx.method(), ctx.path(), e);
        send(ctx, 500, "INTERNAL", "internal error");
    }

    private static String requestId(Context ctx) {
        // Typed as Object on purpose: the generic attribute() would otherwise be inferred as char[] here.
        Object id = ctx.attribute("requestId");
        return id == null ? "-" : id.toString();
    }

    public static void send(Context ctx, int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("requestId", requestId(ctx));
        ctx.attribute(ERROR_CODE, code);
        ctx.status(status).json(Map.of("error", error));
    }
}
