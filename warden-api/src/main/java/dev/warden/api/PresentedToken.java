package dev.warden.api;

import com.nimbusds.jose.Header;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.warden.audit.AuditPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a refused bearer token presented, for the audit trail: its kind and, for a JWT, the header's {@code alg} and
 * {@code kid} and the claimed {@code sub} and {@code role}, read without trusting them. Never the token, its
 * signature or a credential value: only those few fields, each stripped of control and format characters and cut
 * to {@link #MAX_LENGTH} characters, since the caller chose them.
 *
 * <p>The event's principal is {@code unverified/<claimed sub>} (or {@code unverified/-}), so that
 * {@code warden audit query} shows at a glance who the caller claimed to be and that it was not proven; a filter on
 * the principal id also finds the forged attempts in that name's trail, with a type no real principal has.
 */
record PresentedToken(String kind, String algorithm, String keyId, String subject, String role, String reason) {
    /** The principal type of a caller whose credential was refused. */
    static final String PRINCIPAL_TYPE = "unverified";

    static final int MAX_LENGTH = 128;
    static final String UNKNOWN_CREDENTIAL = "UNKNOWN_CREDENTIAL";

    private static final String ADMIN_PREFIX = "wdn_admin_";
    private static final String SERVICE_KEY_PREFIX = "wdn_key_";

    /**
     * Describes a refused bearer token. {@code jwtRejection} is the token service's reason, used when the token is
     * neither an admin credential nor a service-account key (which are refused as {@value #UNKNOWN_CREDENTIAL}).
     */
    static PresentedToken describe(String token, String jwtRejection) {
        if (token.startsWith(ADMIN_PREFIX)) {
            return new PresentedToken("admin-credential", null, null, null, null, UNKNOWN_CREDENTIAL);
        }
        if (token.startsWith(SERVICE_KEY_PREFIX)) {
            return new PresentedToken("service-key", null, null, null, null, UNKNOWN_CREDENTIAL);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (java.text.ParseException | RuntimeException e) {
            return new PresentedToken("unknown", null, null, null, null, jwtRejection);
        }
        Header header = jwt.getHeader();
        String algorithm =
                header.getAlgorithm() == null ? null : header.getAlgorithm().getName();
        String keyId = header instanceof com.nimbusds.jose.JWSHeader jws ? jws.getKeyID() : null;
        String subject = null;
        String role = null;
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            subject = claims.getClaim("sub") instanceof String s ? s : null;
            role = claims.getClaim("role") instanceof String r ? r : null;
        } catch (java.text.ParseException | RuntimeException e) {
            // A header without readable claims: the kind and header are still recorded.
        }
        return new PresentedToken("jwt", clean(algorithm), clean(keyId), clean(subject), clean(role), jwtRejection);
    }

    /** {@code unverified/<claimed subject>}; the credential names only the kind presented. */
    AuditPrincipal principal() {
        return new AuditPrincipal(PRINCIPAL_TYPE, subject == null || subject.isEmpty() ? "-" : subject, kind);
    }

    /** The event details, each key under {@code presented.}; absent fields are left out. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("presented.kind", kind);
        putIfPresent(details, "presented.alg", algorithm);
        putIfPresent(details, "presented.kid", keyId);
        putIfPresent(details, "presented.sub", subject);
        putIfPresent(details, "presented.role", role);
        details.put("presented.verified", false);
        details.put("presented.reason", reason);
        return details;
    }

    private static void putIfPresent(Map<String, Object> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    /** Without control or format characters (line breaks, escapes, bidi overrides), at most MAX_LENGTH chars. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LENGTH));
        for (int i = 0; i < value.length() && out.length() < MAX_LENGTH; ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp)
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                continue;
            }
            if (out.length() + Character.charCount(cp) > MAX_LENGTH) {
                break;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }
}
