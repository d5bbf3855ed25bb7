package dev.warden.incident.notify;

import java.util.Locale;

/**
 * How the SMTP connection is protected: STARTTLS required (the connection fails rather than continue in clear text),
 * TLS from the first byte (SMTPS, port 465), or plain, which only a server on this machine may use.
 */
public enum TlsMode {
    STARTTLS,
    IMPLICIT,
    PLAIN;

    public static TlsMode parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
