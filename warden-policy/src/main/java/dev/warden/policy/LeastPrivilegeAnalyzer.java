package dev.warden.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Static least-privilege checks on a single policy. Pure; the findings are advisory. */
public final class LeastPrivilegeAnalyzer {
    private static final Set<String> SCOPING_VARIABLES = Set.of("iot:clientid", "iot:connection.thing.thingname");
    private static final Set<String> DEVICE_ACTIONS =
            Set.of("iot:connect", "iot:publish", "iot:receive", "iot:subscribe", "iot:retainpublish");

    private LeastPrivilegeAnalyzer() {}

    public static List<Finding> analyze(Policy p) {
        List<Finding> out = new ArrayList<>();
        for (Statement s : p.statements()) {
            if (s.effect() == Effect.ALLOW) {
                allow(s, out);
            } else {
                deny(s, out);
            }
        }
        return List.copyOf(out);
    }

    private static void add(List<Finding> out, Finding.Code code, Finding.Severity sev, Statement s, String msg) {
        out.add(new Finding(code, sev, s.index(), s.sid(), msg));
    }

    private static void allow(Statement s, List<Finding> out) {
        checkAllowedActions(s, out);
        checkAllowedResources(s, out);
        if (coversDeviceActions(s)) {
            checkDeviceScoping(s, out);
        }
    }

    private static void checkAllowedActions(Statement s, List<Finding> out) {
        if (s.notAction()) {
            add(
                    out,
                    Finding.Code.ALLOW_WITH_NOT_ACTION,
                    Finding.Severity.MEDIUM,
                    s,
                    "Allow with NotAction allows every action except " + s.actions()
                            + ", including actions added later");
        } else {
            for (String a : s.actions()) {
                if (a.equals("*")) {
                    add(
                            out,
                            Finding.Code.ALLOW_ALL_ACTIONS,
                            Finding.Severity.HIGH,
                            s,
                            "Allow with Action \"*\" allows every action");
                } else if (a.endsWith(":*")) {
                    add(
                            out,
                            Finding.Code.ALLOW_ALL_SERVICE_ACTIONS,
                            Finding.Severity.MEDIUM,
                            s,
                            "Allow with Action \"" + a + "\" allows every action of the service");
                }
            }
        }
    }

    private static void checkAllowedResources(Statement s, List<Finding> out) {
        if (s.notResource()) {
            add(
                    out,
                    Finding.Code.ALLOW_WITH_NOT_RESOURCE,
                    Finding.Severity.MEDIUM,
                    s,
                    "Allow with NotResource allows every resource except " + s.resources());
        } else {
            Pattern[] pats = s.resourcePatterns();
            for (int i = 0; i < pats.length; i++) {
                String r = s.resources().get(i);
                if (r.equals("*") || resourcePart(r).equals("*")) {
                    add(
                            out,
                            Finding.Code.ALLOW_ALL_RESOURCES,
                            Finding.Severity.HIGH,
                            s,
                            "Allow with Resource \"" + r + "\" applies to every resource");
                }
            }
        }
    }

    /** Device actions must be limited to the device's own resources (its client id or thing name). */
    private static void checkDeviceScoping(Statement s, List<Finding> out) {
        if (s.notResource()) {
            add(
                    out,
                    Finding.Code.DEVICE_RESOURCE_NOT_SCOPED,
                    Finding.Severity.HIGH,
                    s,
                    "device actions allowed with NotResource: not scoped to the device's own client id / thing name");
        } else {
            Pattern[] pats = s.resourcePatterns();
            for (int i = 0; i < pats.length; i++) {
                String r = s.resources().get(i);
                if (isDeviceResource(r) && !scoped(pats[i])) {
                    add(
                            out,
                            Finding.Code.DEVICE_RESOURCE_NOT_SCOPED,
                            Finding.Severity.HIGH,
                            s,
                            "device resource \"" + r + "\" is not scoped by ${iot:ClientId} or "
                                    + "${iot:Connection.Thing.ThingName}: one device can reach other devices' resources");
                }
            }
        }
    }

    private static void deny(Statement s, List<Finding> out) {
        for (String r : s.resources()) {
            if (r.indexOf('+') >= 0 || r.indexOf('#') >= 0) {
                add(
                        out,
                        Finding.Code.MQTT_WILDCARD_IN_DENY,
                        Finding.Severity.MEDIUM,
                        s,
                        "MQTT wildcards '+'/'#' in policy resource \"" + r
                                + "\" are literal characters: this Deny only "
                                + "matches topics/filters containing them literally; use '*' to deny a subtree");
            }
        }
        List<String> vars = s.requiredVariables();
        if (!vars.isEmpty()) {
            add(
                    out,
                    Finding.Code.DENY_VARIABLE_WITHOUT_DEFAULT,
                    Finding.Severity.LOW,
                    s,
                    "Deny uses policy variables " + vars + " without a default: when a key is missing from the request "
                            + "the Deny does not apply; consider ${key, 'default'}");
        }
    }

    private static boolean exact(Pattern p) {
        for (byte t : p.types) {
            if (t == Pattern.STAR || t == Pattern.ONE) {
                return false;
            }
        }
        return true;
    }

    private static boolean coversDeviceActions(Statement s) {
        if (s.notAction()) {
            return true;
        }
        for (String a : s.actions()) {
            String l = a.toLowerCase(Locale.ROOT);
            if (l.equals("*") || l.equals("iot:*") || DEVICE_ACTIONS.contains(l)) {
                return true;
            }
            if (l.startsWith("iot:") && (l.indexOf('*') >= 0 || l.indexOf('?') >= 0)) {
                return true;
            }
        }
        return false;
    }

    private static String resourcePart(String arn) {
        int[] cut = Arn.segmentBounds(arn);
        return cut == null ? arn : arn.substring(cut[4] + 1);
    }

    private static boolean isDeviceResource(String r) {
        if (r.equals("*")) {
            return true;
        }
        int[] cut = Arn.segmentBounds(r);
        if (cut == null) {
            return false;
        }
        String service = r.substring(cut[1] + 1, cut[2]);
        if (!service.equals("iot") && !service.equals("*")) {
            return false;
        }
        String res = r.substring(cut[4] + 1);
        return res.startsWith("client/")
                || res.startsWith("topic/")
                || res.startsWith("topicfilter/")
                || res.startsWith("*")
                || res.startsWith("topic*")
                || res.startsWith("client*");
    }

    /**
     * Scoped iff the resource is exact (no wildcard: it names one client or topic, as an application's policy does),
     * or its resource part contains a scoping variable, no wildcard precedes the first scoping variable and the
     * variable is not immediately followed by a wildcard (which would let client "a" reach client "ab").
     */
    private static boolean scoped(Pattern p) {
        if (exact(p)) {
            return true;
        }
        boolean wildcardBefore = false;
        int colons = 0;
        for (int i = 0; i < p.types.length; i++) {
            byte t = p.types[i];
            if (t == Pattern.LIT) {
                String lit = p.texts[i];
                for (int k = 0; k < lit.length() && colons < 5; k++) {
                    if (lit.charAt(k) == ':' && ++colons == 5) {
                        wildcardBefore = false; // only wildcards inside the resource part matter
                    }
                }
            } else if (t == Pattern.STAR || t == Pattern.ONE) {
                wildcardBefore = true;
            } else if (t == Pattern.VAR && SCOPING_VARIABLES.contains(p.texts[i])) {
                if (wildcardBefore) {
                    return false;
                }
                boolean nextIsWildcard =
                        i + 1 < p.types.length && (p.types[i + 1] == Pattern.STAR || p.types[i + 1] == Pattern.ONE);
                return !nextIsWildcard;
            }
        }
        return false;
    }
}
