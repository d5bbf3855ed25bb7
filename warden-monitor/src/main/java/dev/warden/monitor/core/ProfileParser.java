package dev.warden.monitor.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a security profile document and refuses, with a reason code naming the field, anything it cannot run
 * exactly as written: an unknown field, metric, operator or mitigation, an operator that cannot compare the
 * metric, a window outside 10 s to 1 h, a topic filter on a metric without topics. Nothing is guessed.
 */
public final class ProfileParser {
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    public static final int MAX_BEHAVIOURS = 32;
    /** A profile, behaviour, target group/type, custom metric or playbook name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PROFILE_FIELDS = Set.of("name", "description", "targets", "notify", "behaviours");

    private ProfileParser() {}

    /** Parses {@code document}; its {@code name}, when present, must equal {@code expectedName} (if given). */
    public static SecurityProfile parse(String document, String expectedName) {
        if (document.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
            throw fail(
                    MonitorReason.PROFILE_TOO_LARGE, "a profile document is at most " + MAX_DOCUMENT_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw fail(MonitorReason.INVALID_PROFILE, "the profile is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw fail(MonitorReason.INVALID_PROFILE, "the profile must be a JSON object");
        }
        onlyFields(root, PROFILE_FIELDS, "profile");
        String name = ProfileJson.text(root, "name").orElse(expectedName);
        if (name == null || !NAME.matcher(name).matches()) {
            throw fail(MonitorReason.INVALID_PROFILE_NAME, "a profile name is 1-128 of A-Z a-z 0-9 _ . -");
        }
        if (expectedName != null && !expectedName.equals(name)) {
            throw fail(MonitorReason.INVALID_PROFILE_NAME, "the document names " + name + ", not " + expectedName);
        }
        List<ProfileTarget> targets = targets(root.get("targets"));
        List<Behaviour> behaviours = behaviours(root.get("behaviours"));
        Notify notify = notify(root.get("notify"), behaviours);
        String description = ProfileJson.text(root, "description").orElse("");
        return new SecurityProfile(name, description, targets, behaviours, notify.url(), notify.secret(), 0);
    }

    /** The profile's webhook: where {@code notify} mitigations deliver, and the name of their signing secret. */
    private record Notify(Optional<String> url, Optional<String> secret) {}

    private static Notify notify(JsonNode notify, List<Behaviour> behaviours) {
        Notify out = new Notify(Optional.empty(), Optional.empty());
        if (notify != null) {
            onlyFields(notify, Set.of("url", "secret"), "notify");
            out = new Notify(
                    Optional.of(notifyUrl(ProfileJson.text(notify, "url").orElse(""))),
                    ProfileJson.text(notify, "secret"));
        }
        boolean notifies = behaviours.stream().anyMatch(b -> b.mitigations().contains(MitigationAction.NOTIFY));
        if (notifies && out.url().isEmpty()) {
            throw fail(MonitorReason.INVALID_NOTIFY_TARGET, "a behaviour notifies, but the profile has no notify.url");
        }
        return out;
    }

    private static List<ProfileTarget> targets(JsonNode node) {
        if (node == null) {
            return List.of(ProfileTarget.ALL);
        }
        // An empty list is a detached profile: kept and versioned, it watches nothing until attached again.
        if (!node.isArray()) {
            throw fail(MonitorReason.INVALID_TARGET, "targets is a list of all, group/NAME or type/NAME");
        }
        List<ProfileTarget> out = new ArrayList<>();
        for (JsonNode t : node) {
            out.add(target(t.asText()));
        }
        return out;
    }

    /** {@code all}, {@code group/<name>} or {@code type/<name>}. */
    public static ProfileTarget target(String text) {
        if ("all".equals(text)) {
            return ProfileTarget.ALL;
        }
        int slash = text.indexOf('/');
        String kind = slash < 0 ? "" : text.substring(0, slash);
        String name = slash < 0 ? "" : text.substring(slash + 1);
        if (!NAME.matcher(name).matches() || !(kind.equals("group") || kind.equals("type"))) {
            throw fail(MonitorReason.INVALID_TARGET, "a target is all, group/NAME or type/NAME, not " + text);
        }
        return new ProfileTarget(kind.equals("group") ? ProfileTarget.Kind.GROUP : ProfileTarget.Kind.TYPE, name);
    }

    private static List<Behaviour> behaviours(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw fail(MonitorReason.INVALID_PROFILE, "behaviours is a non-empty list");
        }
        if (node.size() > MAX_BEHAVIOURS) {
            throw fail(MonitorReason.TOO_MANY_BEHAVIOURS, "a profile has at most " + MAX_BEHAVIOURS + " behaviours");
        }
        List<Behaviour> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode b : node) {
            Behaviour behaviour = BehaviourParser.parse(b);
            if (!names.add(behaviour.name())) {
                throw fail(MonitorReason.DUPLICATE_BEHAVIOUR, "two behaviours are named " + behaviour.name());
            }
            out.add(behaviour);
        }
        return out;
    }

    private static String notifyUrl(String url) {
        if (!(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 2048) {
            throw fail(MonitorReason.INVALID_NOTIFY_TARGET, "notify.url must be an http(s) URL");
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            if (uri.getHost() == null || uri.getUserInfo() != null) {
                throw fail(MonitorReason.INVALID_NOTIFY_TARGET, "notify.url needs a host and no user info");
            }
        } catch (java.net.URISyntaxException e) {
            throw fail(MonitorReason.INVALID_NOTIFY_TARGET, "notify.url is not a URL");
        }
        return url;
    }

    static void onlyFields(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw fail(MonitorReason.INVALID_PROFILE, where + " must be a JSON object");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw fail(MonitorReason.INVALID_PROFILE, "unknown field " + f + " in " + where);
            }
        });
    }

    static MonitorException fail(MonitorReason reason, String message) {
        return new MonitorException(reason, message);
    }
}
