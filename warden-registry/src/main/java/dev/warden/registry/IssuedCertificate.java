package dev.warden.registry;

import dev.warden.registry.store.CertificateRecord;
import java.security.cert.X509Certificate;

/** A certificate just issued, with its registry record and the chain a device needs to present it. */
public record IssuedCertificate(CertificateRecord record, X509Certificate certificate, String chainPem) {}
