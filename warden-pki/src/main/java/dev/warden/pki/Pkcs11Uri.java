package dev.warden.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The subset of an RFC 7512 PKCS#11 URI that Warden needs: {@code module-path}, {@code token},
 * {@code slot-id}, {@code pin-value} and {@code pin-source=file:...}. Attributes may appear in the path
 * ({@code ;}-separated) or the query ({@code &}-separated); values are percent-decoded.
 *
 * <p>{@link #toString()} never includes the PIN.
 */
final class Pkcs11Uri {
    private final String modulePath;
    private final String tokenLabel;
    private final Long slotId;
    private final char[] pin;

    private Pkcs11Uri(String modulePath, String tokenLabel, Long slotId, char[] pin) {
        this.modulePath = modulePath;
        this.tokenLabel = tokenLabel;
        this.slotId = slotId;
        this.pin = pin;
    }

    static Pkcs11Uri parse(String uri) {
        if (uri == null || !uri.startsWith("pkcs11:")) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "not a pkcs11: URI");
        }
        String rest = uri.substring("pkcs11:".length());
        int question = rest.indexOf('?');
        Map<String, String> attributes = new HashMap<>();
        collect(question < 0 ? rest : rest.substring(0, question), ";", attributes);
        if (question >= 0) {
            collect(rest.substring(question + 1), "&", attributes);
        }
        String modulePath = attributes.get("module-path");
        if (modulePath == null) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "pkcs11 URI lacks module-path");
        }
        Long slotId = null;
        if (attributes.containsKey("slot-id")) {
            try {
                slotId = Long.parseLong(attributes.get("slot-id"));
            } catch (NumberFormatException e) {
                throw new PkiException(PkiReason.HSM_UNAVAILABLE, "pkcs11 URI slot-id is not a number");
            }
        }
        String tokenLabel = attributes.get("token");
        if (tokenLabel == null && slotId == null) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "pkcs11 URI needs token or slot-id");
        }
        return new Pkcs11Uri(modulePath, tokenLabel, slotId, pin(attributes));
    }

    private static char[] pin(Map<String, String> attributes) {
        String value = attributes.get("pin-value");
        if (value != null) {
            return value.toCharArray();
        }
        String source = attributes.get("pin-source");
        if (source == null) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "pkcs11 URI needs pin-value or pin-source");
        }
        String file = source.startsWith("file:") ? source.substring("file:".length()) : source;
        try {
            byte[] bytes = Files.readAllBytes(Path.of(file));
            String text = new String(bytes, StandardCharsets.UTF_8);
            Arrays.fill(bytes, (byte) 0);
            // Files usually end with a newline that is not part of the PIN.
            return text.strip().toCharArray();
        } catch (IOException | RuntimeException e) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "cannot read PIN file " + file);
        }
    }

    private static void collect(String part, String separator, Map<String, String> into) {
        for (String attribute : part.split(separator)) {
            if (attribute.isEmpty()) {
                continue;
            }
            int equals = attribute.indexOf('=');
            if (equals <= 0) {
                throw new PkiException(PkiReason.HSM_UNAVAILABLE, "malformed pkcs11 URI attribute");
            }
            into.put(attribute.substring(0, equals), percentDecode(attribute.substring(equals + 1)));
        }
    }

    /** RFC 3986 decoding ('+' stays '+', unlike URLDecoder). */
    private static String percentDecode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new PkiException(PkiReason.HSM_UNAVAILABLE, "malformed percent-encoding in pkcs11 URI");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '%') {
                throw new PkiException(PkiReason.HSM_UNAVAILABLE, "malformed percent-encoding in pkcs11 URI");
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    String modulePath() {
        return modulePath;
    }

    /** Token label, or null when the URI selects by slot-id only. */
    String tokenLabel() {
        return tokenLabel;
    }

    /** Slot id, or null when the URI selects by token label only. */
    Long slotId() {
        return slotId;
    }

    /** The PIN; callers must not log it and should clear it after login. */
    char[] pin() {
        return pin;
    }

    @Override
    public String toString() {
        return "pkcs11:module-path=" + modulePath
                + (tokenLabel != null ? ";token=" + tokenLabel : "")
                + (slotId != null ? ";slot-id=" + slotId : "");
    }
}
