package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.core.Severity;
import java.util.Optional;

/** Findings as the checks make them: the check's own severity unless a check says otherwise. */
final class Findings {
    private Findings() {}

    static Finding of(CheckId check, String resource, String reason, String detail, String remediation) {
        return new Finding(check, resource, check.severity(), reason, detail, remediation, Optional.empty());
    }

    static Finding of(
            CheckId check, Severity severity, String resource, String reason, String detail, String remediation) {
        return new Finding(check, resource, severity, reason, detail, remediation, Optional.empty());
    }

    static Finding withFix(Finding f, Fix fix) {
        return new Finding(
                f.check(),
                f.resourceArn(),
                f.severity(),
                f.reasonCode(),
                f.detail(),
                f.remediation(),
                Optional.of(fix));
    }
}
