package dev.warden.kms.masterkey;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Argon2id cost parameters for deriving a master-key file's wrapping key from its passphrase. They are stored in the
 * file so a file stays readable when the defaults change.
 *
 * @param memoryKiB   memory cost in KiB (at least 19 MiB, OWASP's floor for Argon2id; at most 1 GiB)
 * @param iterations  passes over memory (1 to 10)
 * @param parallelism lanes (1 to 8)
 */
public record KdfParameters(int memoryKiB, int iterations, int parallelism) {
    public static final int MIN_MEMORY_KIB = 19 * 1024;
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final Set<String> NAMES = Set.of("m", "t", "p");

    public KdfParameters {
        if (memoryKiB < MIN_MEMORY_KIB
                || memoryKiB > MAX_MEMORY_KIB
                || iterations < 1
                || iterations > 10
                || parallelism < 1
                || parallelism > 8) {
            throw new KmsException(
                    KmsReason.INVALID_ARGUMENT,
                    "Argon2id parameters out of range: memory " + MIN_MEMORY_KIB + ".." + MAX_MEMORY_KIB
                            + " KiB, iterations 1..10, parallelism 1..8");
        }
    }

    /**
     * Reads {@code m=KIB,t=PASSES,p=LANES} (Argon2's own notation, as in a PHC string; any order, each once).
     *
     * @throws KmsException {@code INVALID_ARGUMENT} for any other text or a value out of range
     */
    public static KdfParameters parse(String text) {
        Map<String, Integer> values = new HashMap<>();
        for (String part : text.split(",", -1)) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2 || !NAMES.contains(pair[0]) || values.containsKey(pair[0])) {
                throw malformed();
            }
            try {
                values.put(pair[0], Integer.parseInt(pair[1].strip()));
            } catch (NumberFormatException e) {
                throw malformed();
            }
        }
        if (values.size() != NAMES.size()) {
            throw malformed();
        }
        return new KdfParameters(values.get("m"), values.get("t"), values.get("p"));
    }

    private static KmsException malformed() {
        return new KmsException(KmsReason.INVALID_ARGUMENT, "Argon2id parameters must read m=KIB,t=PASSES,p=LANES");
    }

    /** 64 MiB, 3 passes, 1 lane: roughly a quarter of a second on one core, paid once per node start. */
    public static KdfParameters recommended() {
        return new KdfParameters(64 * 1024, 3, 1);
    }
}
