package dev.warden.registry;

import dev.warden.gateway.PolicyProvider;
import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.policy.Arn;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.registry.store.ThingGroupDao;
import dev.warden.storage.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The compiled policies attached to each thing, loaded once and kept until a change invalidates them. A stored policy
 * that does not parse makes the lookup fail, and the gateway refuses the request: it fails closed.
 */
public final class ThingPolicyCache implements PolicyProvider {
    private final Database database;
    private final Map<String, PolicySet> byThing = new ConcurrentHashMap<>();
    private final Function<String, PolicySet> loader = this::load;
    private final Map<String, Policy> compiled = new ConcurrentHashMap<>();

    private final PolicySet claimPolicy;

    public ThingPolicyCache(Database database, String region, String account) {
        this.database = database;
        this.claimPolicy =
                PolicySet.of(PolicyParser.parse("warden-claim-provisioning", claimPolicyJson(region, account)));
    }

    /**
     * What a claim certificate may do over MQTT, as AWS IoT's fleet-provisioning claim policy: request provisioning
     * through a template and read the replies; nothing else.
     */
    static String claimPolicyJson(String region, String account) {
        String p = Arn.prefix("iot", region, account);
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + p + "client/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + p
                + "topic/${$}warden/provisioning-templates/*/provision/json\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"" + p
                + "topicfilter/${$}warden/provisioning-templates/*/provision/json/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"" + p
                + "topic/${$}warden/provisioning-templates/*/provision/json/*\"}]}";
    }

    @Override
    public PolicySet policiesFor(String thingName) {
        if (thingName.startsWith(CLAIM_PREFIX)) {
            return claimPolicy;
        }
        // Asked for every PUBLISH and delivery: a plain read first, and one loader for all misses.
        PolicySet cached = byThing.get(thingName);
        return cached != null ? cached : byThing.computeIfAbsent(thingName, loader);
    }

    private PolicySet load(String thingName) {
        return database.read(h -> {
            PolicyDao dao = new PolicyDao(h);
            List<Policy> policies = new ArrayList<>();
            List<String> names = new ArrayList<>(dao.policiesOfThing(thingName));
            // A thing's permissions include those of every thing group it belongs to.
            for (String group : new ThingGroupDao(h).groupsOf(thingName)) {
                names.addAll(dao.policiesOfPrincipal(THING_GROUP, group));
            }
            for (String name : names) {
                Policy policy = compiled.get(name);
                if (policy == null) {
                    PolicyRecord record = dao.find(name).orElse(null);
                    if (record == null) {
                        continue;
                    }
                    policy = PolicyParser.parse(name, record.document());
                    compiled.put(name, policy);
                }
                policies.add(policy);
            }
            return PolicySet.of(policies);
        });
    }

    /** Identities of provisioning claims are named {@code claim/<name>} (no thing name contains '/'). */
    public static final String CLAIM_PREFIX = "claim/";

    /** The principal type of thing groups in policy attachments. */
    public static final String THING_GROUP = "thinggroup";

    /** Group memberships or group attachments changed: every thing is reloaded on its next decision. */
    public void invalidateAll() {
        byThing.clear();
    }

    /** A thing's attachments changed. */
    public void invalidateThing(String thingName) {
        byThing.remove(thingName);
    }

    /** A policy document changed: every thing that may hold it is reloaded. */
    public void invalidatePolicy(String policyName) {
        compiled.remove(policyName);
        byThing.clear();
    }
}
