package dev.warden.policy;

/** Built-in policies. */
public final class DefaultPolicies {
    /** Name of the default device policy. */
    public static final String DEVICE_DEFAULT_NAME = "warden-device-default";

    /** The thing's own device metrics topic ({@code $} escaped as the policy language wants it). */
    private static final String METRICS = "${$}warden/things/${iot:Connection.Thing.ThingName}/defender/metrics/json";
    /** The thing's own jobs topics: requests, their replies and notifications. */
    private static final String JOBS = "${$}warden/things/${iot:Connection.Thing.ThingName}/jobs/*";
    /** The thing's own boot attestation topics: nonce requests, reports and their replies. */
    private static final String ATTESTATION = "${$}warden/things/${iot:Connection.Thing.ThingName}/attestation/*";
    /** The thing's own end-to-end payload topics: asking for a recipient's public keyset. */
    private static final String E2E = "${$}warden/things/${iot:Connection.Thing.ThingName}/e2e/*";

    private DefaultPolicies() {}

    /**
     * The default device policy: a device may connect only with its thing name as client ID, publish/receive only
     * under {@code devices/<thingName>/...} and subscribe only to filters under {@code devices/<thingName>/...}; it
     * may report its own device metrics on {@code $warden/things/<thingName>/defender/metrics/json} and read the
     * replies on that topic's {@code /accepted} and {@code /rejected}; and it may use its own jobs topics
     * {@code $warden/things/<thingName>/jobs/...} (ask for and update its job executions, be notified of new ones)
     * and its own boot attestation topics {@code $warden/things/<thingName>/attestation/...} (ask for a nonce, report
     * what it booted, read the verdict).
     * Everything is keyed by the thing name, never the client ID: the client ID is chosen by the device, so a policy
     * that allows more client IDs (say {@code client/*}) must not thereby open other things' topics.
     */
    public static String deviceDefaultJson(String region, String account) {
        checkSegment(region, "region", false);
        checkSegment(account, "account", true);
        String p = Arn.prefix("iot", region, account);
        return "{\n"
                + "  \"Version\": \"2012-10-17\",\n"
                + "  \"Statement\": [\n"
                + "    {\n"
                + "      \"Sid\": \"ConnectAsThingName\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Connect\",\n"
                + "      \"Resource\": \"" + p + "client/${iot:Connection.Thing.ThingName}\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"PublishReceiveOwnTopics\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": [\"iot:Publish\", \"iot:Receive\"],\n"
                + "      \"Resource\": \"" + p + "topic/devices/${iot:Connection.Thing.ThingName}/*\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"SubscribeOwnTopicFilters\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Subscribe\",\n"
                + "      \"Resource\": \"" + p + "topicfilter/devices/${iot:Connection.Thing.ThingName}/*\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"ReportOwnDeviceMetrics\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Publish\",\n"
                + "      \"Resource\": \"" + p + "topic/" + METRICS + "\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"SubscribeOwnDeviceMetricsReplies\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Subscribe\",\n"
                + "      \"Resource\": [\"" + p + "topicfilter/" + METRICS + "/accepted\", \"" + p + "topicfilter/"
                + METRICS
                + "/rejected\"]\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"ReceiveOwnDeviceMetricsReplies\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Receive\",\n"
                + "      \"Resource\": [\"" + p + "topic/" + METRICS + "/accepted\", \"" + p + "topic/" + METRICS
                + "/rejected\"]\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"OwnJobs\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": [\"iot:Publish\", \"iot:Receive\"],\n"
                + "      \"Resource\": \"" + p + "topic/" + JOBS + "\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"SubscribeOwnJobs\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Subscribe\",\n"
                + "      \"Resource\": \"" + p + "topicfilter/" + JOBS + "\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"OwnAttestation\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": [\"iot:Publish\", \"iot:Receive\"],\n"
                + "      \"Resource\": \"" + p + "topic/" + ATTESTATION + "\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"SubscribeOwnAttestation\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Subscribe\",\n"
                + "      \"Resource\": \"" + p + "topicfilter/" + ATTESTATION + "\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"OwnEndToEndKeys\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": [\"iot:Publish\", \"iot:Receive\"],\n"
                + "      \"Resource\": \"" + p + "topic/" + E2E + "\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"Sid\": \"SubscribeOwnEndToEndKeys\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Subscribe\",\n"
                + "      \"Resource\": \"" + p + "topicfilter/" + E2E + "\"\n"
                + "    }\n"
                + "  ]\n"
                + "}\n";
    }

    /** Name of the built-in policy of the quarantine thing group (security monitoring's quarantine mitigation). */
    public static final String QUARANTINE_NAME = "warden-quarantine";

    /**
     * The quarantine policy: explicit Denies, so that no Allow of the device's own policies or of its other groups can
     * outweigh them, of every publish, receive and subscribe outside the device's remediation topics
     * {@code $warden/things/<thingName>/remediation/...} and its boot attestation topics
     * {@code $warden/things/<thingName>/attestation/...}, and of every other action except iot:Connect (so a retained
     * publish is refused too); and Allows of those topics, so that an operator can still reach the device and a device
     * reflashed in quarantine can prove what it booted. A verified boot does not release the thing: the verdict is
     * recorded and shown, and an operator releases it.
     * Connecting is left to the device's own policy: quarantine never widens who may connect.
     */
    public static String quarantineJson(String region, String account) {
        checkSegment(region, "region", false);
        checkSegment(account, "account", true);
        String p = Arn.prefix("iot", region, account);
        String own = "${$}warden/things/${iot:Connection.Thing.ThingName}/";
        String topics = "[\"" + p + "topic/" + own + "remediation/*\", \"" + p + "topic/" + own + "attestation/*\"]";
        String filters = "[\"" + p + "topicfilter/" + own + "remediation/*\", \"" + p + "topicfilter/" + own
                + "attestation/*\"]";
        return "{\n"
                + "  \"Version\": \"2012-10-17\",\n"
                + "  \"Statement\": [\n"
                + "    {\"Sid\": \"QuarantineDenyOtherTopics\", \"Effect\": \"Deny\",\n"
                + "     \"Action\": [\"iot:Publish\", \"iot:Receive\"], \"NotResource\": " + topics + "},\n"
                + "    {\"Sid\": \"QuarantineDenyOtherFilters\", \"Effect\": \"Deny\",\n"
                + "     \"Action\": \"iot:Subscribe\", \"NotResource\": " + filters + "},\n"
                + "    {\"Sid\": \"QuarantineDenyEverythingElse\", \"Effect\": \"Deny\",\n"
                + "     \"NotAction\": [\"iot:Connect\", \"iot:Publish\", \"iot:Subscribe\", \"iot:Receive\"],"
                + " \"Resource\": \"*\"},\n"
                + "    {\"Sid\": \"RemediationAndAttestationTopics\", \"Effect\": \"Allow\",\n"
                + "     \"Action\": [\"iot:Publish\", \"iot:Receive\"], \"Resource\": " + topics + "},\n"
                + "    {\"Sid\": \"RemediationAndAttestationFilters\", \"Effect\": \"Allow\",\n"
                + "     \"Action\": \"iot:Subscribe\", \"Resource\": " + filters + "}\n"
                + "  ]\n"
                + "}\n";
    }

    /** Name of the built-in policy that allows every action: attached to the bootstrap admin credential. */
    public static final String ADMIN_FULL_NAME = "warden-admin-full";

    /** Every action on every resource, as AWS's AdministratorAccess. */
    public static String adminFullJson() {
        return "{\n"
                + "  \"Version\": \"2012-10-17\",\n"
                + "  \"Statement\": [\n"
                + "    {\"Sid\": \"AdministratorAccess\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}\n"
                + "  ]\n"
                + "}\n";
    }

    /** The default device policy, parsed and compiled. */
    public static Policy deviceDefault(String region, String account) {
        return PolicyParser.parse(DEVICE_DEFAULT_NAME, deviceDefaultJson(region, account));
    }

    private static void checkSegment(String v, String what, boolean upperAllowed) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= 'a' && c <= 'z')
                    && !(upperAllowed && c >= 'A' && c <= 'Z')
                    && !(c >= '0' && c <= '9')
                    && c != '-'
                    && c != '_') {
                throw new IllegalArgumentException(what + " contains an illegal character: " + v);
            }
        }
    }
}
