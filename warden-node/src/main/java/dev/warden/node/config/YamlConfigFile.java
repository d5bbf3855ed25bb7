package dev.warden.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads warden.yaml for {@link ConfigLoader}, refusing unknown keys so that a typo never silently falls back. */
final class YamlConfigFile {
    private YamlConfigFile() {}

    static Map<ConfigKey, String> read(Path configFile) {
        Path file = configFile != null ? configFile : Path.of("warden.yaml");
        Map<ConfigKey, String> result = new EnumMap<>(ConfigKey.class);
        if (!Files.isRegularFile(file)) {
            if (configFile != null) {
                throw new ConfigException("config file " + configFile + " does not exist");
            }
            return result;
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return result;
        }
        if (!root.isObject()) {
            throw new ConfigException(file + " must be a mapping of key: value");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        List<ConfigKey> all = List.of(ConfigKey.values());
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            ConfigKey key = all.stream()
                    .filter(k -> k.key().equals(field.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("unknown key '" + field.getKey() + "' in " + file));
            if (!field.getValue().isNull()) {
                result.put(key, field.getValue().asText());
            }
        }
        return result;
    }
}
