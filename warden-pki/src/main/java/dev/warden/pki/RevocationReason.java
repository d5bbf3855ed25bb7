package dev.warden.pki;

import java.util.Arrays;
import java.util.stream.Collectors;

/** RFC 5280 CRLReason values Warden uses (removeFromCRL and aACompromise are deliberately absent). */
public enum RevocationReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "keyCompromise"),
    CA_COMPROMISE(2, "cACompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    CERTIFICATE_HOLD(6, "certificateHold"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The CRLReason enumeration value from RFC 5280 section 5.3.1. */
    public int code() {
        return code;
    }

    /** The RFC 5280 ASN.1 name, e.g. {@code keyCompromise}. */
    public String rfcName() {
        return rfcName;
    }

    /**
     * Accepts the RFC name or the enum name, case-insensitively, ignoring surrounding whitespace
     * ({@code keyCompromise}, {@code KEY_COMPROMISE}, {@code keycompromise}).
     *
     * @throws IllegalArgumentException for anything else; the message lists the valid names
     */
    public static RevocationReason parse(String value) {
        if (value != null) {
            String trimmed = value.strip();
            for (RevocationReason reason : values()) {
                if (reason.rfcName.equalsIgnoreCase(trimmed) || reason.name().equalsIgnoreCase(trimmed)) {
                    return reason;
                }
            }
        }
        throw new IllegalArgumentException("unknown revocation reason '" + value + "', expected one of: "
                + Arrays.stream(values()).map(RevocationReason::rfcName).collect(Collectors.joining(", ")));
    }

    /** The reason with the given RFC 5280 code. */
    public static RevocationReason fromCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unsupported CRLReason code " + code);
    }
}
