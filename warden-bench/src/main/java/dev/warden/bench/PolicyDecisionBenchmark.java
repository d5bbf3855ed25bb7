package dev.warden.bench;

import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Decision;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.policy.RequestContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Policy decisions as the gateway and the admin API make them: compiled once, evaluated per request.
 * (a) a typical device policy: 10 statements with policy variables; (b) a 200-statement admin policy with
 * conditions. Each is measured for an allowed and a denied request.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyDecisionBenchmark {
    private static final String P = "arn:warden:iot:eu-west-1:default:";

    PolicySet device;
    PolicySet admin;
    AuthorizationRequest devicePublishAllowed;
    AuthorizationRequest devicePublishDenied;
    AuthorizationRequest adminAllowed;
    AuthorizationRequest adminDenied;

    static String devicePolicy() {
        StringBuilder s = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        s.append("{\"Sid\":\"Connect\",\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + P
                + "client/${iot:ClientId}\"},");
        String[] leaves = {"telemetry", "status", "events", "shadow/update", "jobs/notify", "ota/progress", "logs"};
        for (String leaf : leaves) {
            s.append("{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":\"" + P
                    + "topic/devices/${iot:Connection.Thing.ThingName}/" + leaf + "\"},");
        }
        s.append(
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"" + P
                        + "topicfilter/devices/${iot:ClientId}/*\",\"Condition\":{\"Bool\":{\"iot:Connection.Thing.IsAttached\":\"true\"}}},");
        s.append("{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"" + P + "topic/devices/*/admin/*\"}");
        return s.append("]}").toString();
    }

    static String adminPolicy() {
        StringBuilder s = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < 200; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"Sid\":\"S")
                    .append(i)
                    .append("\",\"Effect\":\"")
                    .append(i % 50 == 49 ? "Deny" : "Allow")
                    .append("\",\"Action\":[\"warden:Describe")
                    .append(i)
                    .append("*\",\"warden:List")
                    .append(i)
                    .append("\"],\"Resource\":\"arn:warden:iot:eu-west-1:default:thing/fleet-")
                    .append(i)
                    .append("/*\",\"Condition\":{\"IpAddress\":{\"warden:SourceIp\":[\"10.")
                    .append(i % 250)
                    .append(".0.0/16\",\"192.168.0.0/24\"]},\"Bool\":{\"warden:MultiFactorAuthPresent\":\"true\"},")
                    .append("\"StringLike\":{\"warden:PrincipalTag/team\":\"ops-*\"}}}");
        }
        return s.append("]}").toString();
    }

    @Setup
    public void compile() {
        device = PolicySet.of(PolicyParser.parse("device", devicePolicy()));
        admin = PolicySet.of(PolicyParser.parse("admin", adminPolicy()));
        RequestContext deviceContext = RequestContext.builder()
                .put(RequestContext.CLIENT_ID, "sensor-0042")
                .put(RequestContext.THING_NAME, "sensor-0042")
                .put(RequestContext.THING_IS_ATTACHED, "true")
                .put(RequestContext.SOURCE_IP, "10.1.2.3")
                .build();
        devicePublishAllowed =
                new AuthorizationRequest("iot:Publish", P + "topic/devices/sensor-0042/telemetry", deviceContext);
        devicePublishDenied =
                new AuthorizationRequest("iot:Publish", P + "topic/devices/sensor-0043/telemetry", deviceContext);
        RequestContext adminContext = RequestContext.builder()
                .put(RequestContext.SOURCE_IP, "10.150.7.9")
                .put(RequestContext.MFA_PRESENT, "true")
                .put("warden:PrincipalTag/team", "ops-emea")
                .put(RequestContext.USERNAME, "alice")
                .build();
        adminAllowed = new AuthorizationRequest(
                "warden:Describe150Thing", "arn:warden:iot:eu-west-1:default:thing/fleet-150/x", adminContext);
        adminDenied = new AuthorizationRequest(
                "warden:DeleteThing", "arn:warden:iot:eu-west-1:default:thing/fleet-150/x", adminContext);
        check(device, devicePublishAllowed, true);
        check(device, devicePublishDenied, false);
        check(admin, adminAllowed, true);
        check(admin, adminDenied, false);
    }

    private static void check(PolicySet policies, AuthorizationRequest request, boolean expected) {
        if (PolicyEvaluator.evaluate(policies, request).allowed() != expected) {
            throw new IllegalStateException("benchmark fixture decides wrongly: " + request);
        }
    }

    @Benchmark
    public Decision devicePolicyAllow() {
        return PolicyEvaluator.evaluate(device, devicePublishAllowed);
    }

    @Benchmark
    public Decision devicePolicyDeny() {
        return PolicyEvaluator.evaluate(device, devicePublishDenied);
    }

    @Benchmark
    public Decision adminPolicyAllow() {
        return PolicyEvaluator.evaluate(admin, adminAllowed);
    }

    @Benchmark
    public Decision adminPolicyDeny() {
        return PolicyEvaluator.evaluate(admin, adminDenied);
    }
}
