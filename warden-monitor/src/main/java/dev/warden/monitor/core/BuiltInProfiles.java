package dev.warden.monitor.core;

/**
 * {@code warden-baseline}, the profile every node has from its first start: rules for the attacks Warden's demo runs,
 * with thresholds far above what a working device does. A shared certificate is two holders taking the session from
 * each other from two addresses, at least twice in a minute (a device that moves takes its session over once); its
 * alarm also opens a sev2 incident whose compromised-device playbook revokes the certificate and bans the addresses. A
 * principal refused more than ten admin calls in a minute is probing for what a stolen credential can do: its alarm
 * opens a sev2 incident whose stolen-credential playbook disables it (a person re-enables a false positive). A device
 * whose boot attestation fails once (an image no release has, a revoked or rolled-back one, a replayed or missing
 * nonce) may run an attacker's firmware: it is quarantined, and a sev2 incident runs the compromised-device playbook. A
 * message flood is 15 messages a second sustained over 10 s (the gateway itself cuts a client off beyond 100 a
 * second, so a flood alarm sees the abuse below that). Users may update it (a new version, audited) or detach it; it
 * cannot be deleted.
 *
 * <p>The stored built-in is seeded once; a node whose stored version still has an older release's rules keeps them
 * until an operator updates it.
 */
public final class BuiltInProfiles {
    public static final String BASELINE = "warden-baseline";

    private BuiltInProfiles() {}

    public static String baselineJson() {
        return """
                {
                  "name": "warden-baseline",
                  "description": "Built-in: shared or stolen credentials, failed boot attestation, topic scanning, handshake and login brute force, floods, flapping.",
                  "targets": ["all"],
                  "behaviours": [
                    {"name": "shared-certificate", "severity": "critical", "metric": "num-address-takeovers",
                     "operator": "greater-than", "value": 1, "window-seconds": 60, "datapoints-to-alarm": 1,
                     "datapoints-to-clear": 3,
                     "mitigations": ["quarantine"],
                     "incident": {"severity": "sev2", "playbook": "compromised-device"}},
                    {"name": "attestation-failure", "severity": "critical", "metric": "num-attestation-failures",
                     "operator": "greater-than", "value": 0, "window-seconds": 60, "datapoints-to-alarm": 1,
                     "datapoints-to-clear": 3,
                     "mitigations": ["quarantine"],
                     "incident": {"severity": "sev2", "playbook": "compromised-device"}},
                    {"name": "authorization-failure-burst", "severity": "high", "metric": "num-authorization-failures",
                     "operator": "greater-than", "value": 5, "window-seconds": 10,
                     "datapoints-to-alarm": 1, "datapoints-to-clear": 3},
                    {"name": "handshake-failure-burst", "severity": "high", "metric": "num-tls-handshake-failures",
                     "operator": "greater-than", "value": 5, "window-seconds": 10,
                     "datapoints-to-alarm": 1, "datapoints-to-clear": 3},
                    {"name": "message-flood", "severity": "medium", "metric": "num-messages-sent", "operator": "greater-than",
                     "value": 150, "window-seconds": 10, "datapoints-to-alarm": 1, "datapoints-to-clear": 3},
                    {"name": "connection-flapping", "severity": "low", "metric": "num-connection-attempts", "operator": "greater-than",
                     "value": 10, "window-seconds": 60, "datapoints-to-alarm": 1, "datapoints-to-clear": 3},
                    {"name": "admin-brute-force-address", "severity": "high", "metric": "num-failed-logins-from-address",
                     "operator": "greater-than", "value": 5, "window-seconds": 60,
                     "datapoints-to-alarm": 1, "datapoints-to-clear": 3},
                    {"name": "admin-brute-force-user", "severity": "high", "metric": "num-failed-logins", "operator": "greater-than",
                     "value": 5, "window-seconds": 60, "datapoints-to-alarm": 1, "datapoints-to-clear": 3},
                    {"name": "admin-privilege-probing", "severity": "high", "metric": "num-denied-admin-calls",
                     "operator": "greater-than", "value": 10, "window-seconds": 60, "datapoints-to-alarm": 1,
                     "datapoints-to-clear": 3,
                     "incident": {"severity": "sev2", "playbook": "stolen-credential"}}
                  ]
                }
                """;
    }

    public static SecurityProfile baseline() {
        return ProfileParser.parse(baselineJson(), BASELINE);
    }
}
