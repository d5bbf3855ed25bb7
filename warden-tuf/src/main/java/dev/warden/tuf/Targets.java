package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Targets metadata, top-level ({@code targets.json}) or of a delegated role ({@code <role>.json}): the target files
 * it vouches for and the roles it delegates paths to.
 *
 * @param targets target path ({@code /}-separated, relative) to what is known of the file
 * @param delegations the roles this one delegates to, when it delegates
 */
public record Targets(
        String specVersion,
        long version,
        Instant expires,
        Map<String, TargetFile> targets,
        Optional<Delegations> delegations)
        implements TufMetadata {
    public static final String TYPE = "targets";

    public Targets {
        TufJson.checkRange(version, 1, "targets version");
        expires = expires.truncatedTo(ChronoUnit.SECONDS);
        targets = Map.copyOf(targets);
    }

    public static Targets of(
            long version, Instant expires, Map<String, TargetFile> targets, Optional<Delegations> delegations) {
        return new Targets(SPEC_VERSION, version, expires, targets, delegations);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = SignedHeader.write(TYPE, specVersion, version, expires);
        ObjectNode targetsNode = node.putObject("targets");
        targets.forEach((path, file) -> targetsNode.set(path, file.toJson()));
        delegations.ifPresent(value -> node.set("delegations", value.toJson()));
        return node;
    }

    public static Targets fromJson(JsonNode signed) {
        SignedHeader header = SignedHeader.read(signed, TYPE);
        Map<String, TargetFile> targets = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry :
                TufJson.objectField(signed, "targets", TYPE).properties()) {
            targets.put(
                    entry.getKey(),
                    TargetFile.fromJson(entry.getValue(), "targets.targets." + TufJson.quote(entry.getKey())));
        }
        JsonNode delegations = signed.get("delegations");
        return new Targets(
                header.specVersion(),
                header.version(),
                header.expires(),
                targets,
                delegations == null
                        ? Optional.empty()
                        : Optional.of(Delegations.fromJson(delegations, "targets.delegations")));
    }
}
