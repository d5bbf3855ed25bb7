package dev.warden.kms;

import static dev.warden.kms.KmsFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.kms.rotation.RandomPasswordRotator;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import dev.warden.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing readable at rest: unique marker plaintexts and secret values, and every key's raw bytes, are searched for
 * in every file under the data directory (SQLite database and WAL, the master key file) and in every row of the kms
 * tables on PostgreSQL, as is, base64 at any alignment and hex; stored base64 columns are also decoded and searched.
 */
@Tag("postgresql")
class AtRestMarkerTest {
    private static final List<String> TABLES = List.of(
            "kms_keys",
            "kms_data_keys",
            "kms_shredded_owners",
            "kms_secrets",
            "kms_secret_versions",
            "kms_secret_labels");
    /** Tokens of Tink's cleartext JSON keyset format. */
    private static final List<String> KEYSET_JSON = List.of("primaryKeyId", "keyMaterialType", "\"keyData\"");

    @ParameterizedTest
    @MethodSource("dev.warden.kms.KmsFixture#backends")
    void noMarkerAndNoKeyMaterialIsStoredInTheClear(String backend, @TempDir Path dataDir) throws Exception {
        char[] passphrase = "marker test passphrase".toCharArray();
        MasterKey masterKey = MasterKeyFile.create(
                dataDir.resolve("kms").resolve(REGION + ".key"), REGION, passphrase, KmsFixture.FAST_KDF);
        Map<String, byte[]> needles = new LinkedHashMap<>();
        try (Database db = KmsFixture.open(backend, dataDir)) {
            MutableClock clock = new MutableClock(KmsFixture.START);
            KeyManagementService kms = new KeyManagementService(db, masterKey, REGION, clock);
            kms.createKey("acme", "things", "");
            kms.createKey("acme", "secrets", "");
            SecretsManager secrets = new SecretsManager(db, kms, "secrets");

            for (int i = 0; i < 5; i++) {
                String marker = "MARKER-PLAIN-" + UUID.randomUUID();
                needles.put("plaintext " + i, marker.getBytes(StandardCharsets.UTF_8));
                kms.encrypt(
                        "things",
                        EncryptionContext.of("thing:dev-" + i, "rec-" + i),
                        marker.getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 3; i++) {
                String marker = "MARKER-SECRET-" + UUID.randomUUID();
                needles.put("secret " + i, marker.getBytes(StandardCharsets.UTF_8));
                secrets.put("app/secret-" + i, SecretValue.of(marker));
            }
            secrets.rotate("app/secret-0", new RandomPasswordRotator(48));
            needles.put("rotated secret", secrets.get("app/secret-0").value().bytes());
            kms.rotateKey("things");
            kms.rewrapDataKeys("things");

            // The shredded owner's data key must not survive anywhere either, not even wrapped.
            byte[] shredded = dataKeyBytes(db, masterKey, "thing:dev-4").get(0);
            String shreddedWrapped = wrappedKey(db, "thing:dev-4");
            kms.destroyDataKey("thing:dev-4");
            needles.put("destroyed data key", shredded);

            collectKeyMaterial(db, masterKey, needles);
            assertThat(needles.keySet().stream().filter(k -> k.startsWith("kek")))
                    .hasSize(3);
            assertThat(needles.keySet().stream().filter(k -> k.startsWith("data key")))
                    .hasSize(4 + 3);

            List<String> found = new ArrayList<>();
            for (String column : storedBase64(db)) {
                byte[] decoded = Base64.getDecoder().decode(column);
                needles.forEach((what, needle) -> {
                    if (indexOf(decoded, needle) >= 0) {
                        found.add(what + " inside a stored base64 value");
                    }
                });
            }
            // Positive control: the scanner does find what is stored in the clear (key ARNs, secret names).
            Map<String, byte[]> control = Map.of("control", "acme:key/things".getBytes(StandardCharsets.UTF_8));
            if (db.location().kind() == DatabaseLocation.Kind.SQLITE) {
                assertThat(scanFiles(dataDir, control, null)).isNotEmpty();
                found.addAll(scanFiles(dataDir, needles, shreddedWrapped));
            } else {
                assertThat(scan("kms_keys", rowsAsText(db, "kms_keys"), control, null))
                        .isNotEmpty();
                for (String table : TABLES) {
                    found.addAll(scan(table, rowsAsText(db, table), needles, null));
                }
                found.addAll(scanFiles(dataDir, needles, null));
            }
            assertThat(found).isEmpty();
        }
        if (!"postgresql".equals(backend)) {
            // Closed (WAL checkpointed into the main file): still nothing.
            assertThat(scanFiles(dataDir, needles, null)).isEmpty();
        }
    }

    /** Every row of a PostgreSQL table in its text form, as the server would print it. */
    private static byte[] rowsAsText(Database db, String table) {
        List<String> rows = db.read(h -> h.createQuery("SELECT CAST(t.* AS TEXT) FROM " + table + " t")
                .mapTo(String.class)
                .list());
        return String.join("\n", rows).getBytes(StandardCharsets.UTF_8);
    }

    private static void collectKeyMaterial(Database db, MasterKey masterKey, Map<String, byte[]> needles) {
        List<Map<String, Object>> keys = db.read(h -> h.createQuery("SELECT arn, encrypted_keyset FROM kms_keys")
                .mapToMap()
                .list());
        for (Map<String, Object> key : keys) {
            KeysetHandle kek = kekKeyset(masterKey, (String) key.get("arn"), (String) key.get("encrypted_keyset"));
            for (byte[] bytes : keyBytes(kek)) {
                needles.put("kek " + needles.size(), bytes);
            }
        }
        List<String> owners = db.read(h -> h.createQuery("SELECT owner FROM kms_data_keys")
                .mapTo(String.class)
                .list());
        for (String owner : owners) {
            for (byte[] bytes : dataKeyBytes(db, masterKey, owner)) {
                needles.put("data key of " + owner, bytes);
            }
        }
    }

    private static List<byte[]> dataKeyBytes(Database db, MasterKey masterKey, String owner) {
        List<Map<String, Object>> rows =
                db.read(h -> h.createQuery("SELECT d.key_arn, d.wrapped_key, k.encrypted_keyset "
                                + "FROM kms_data_keys d JOIN kms_keys k ON k.arn = d.key_arn WHERE d.owner = :owner")
                        .bind("owner", owner)
                        .mapToMap()
                        .list());
        List<byte[]> all = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String arn = (String) row.get("key_arn");
            Aead kek = TinkKeys.aead(kekKeyset(masterKey, arn, (String) row.get("encrypted_keyset")));
            KeysetHandle dataKey = TinkKeys.decrypt(
                    Base64.getDecoder().decode((String) row.get("wrapped_key")),
                    kek,
                    ("warden-kms/data-key|" + REGION + "|" + owner + "|" + arn).getBytes(StandardCharsets.UTF_8),
                    KmsReason.DECRYPTION_FAILED,
                    "test");
            all.addAll(keyBytes(dataKey));
        }
        return all;
    }

    private static String wrappedKey(Database db, String owner) {
        return db.read(h -> h.createQuery("SELECT wrapped_key FROM kms_data_keys WHERE owner = :owner")
                .bind("owner", owner)
                .mapTo(String.class)
                .one());
    }

    private static KeysetHandle kekKeyset(MasterKey masterKey, String arn, String encrypted) {
        return TinkKeys.decrypt(
                Base64.getDecoder().decode(encrypted),
                masterKey,
                ("warden-kms/kek|" + REGION + "|" + arn).getBytes(StandardCharsets.UTF_8),
                KmsReason.DECRYPTION_FAILED,
                "test");
    }

    private static List<byte[]> keyBytes(KeysetHandle keyset) {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < keyset.size(); i++) {
            AesGcmKey key = (AesGcmKey) keyset.getAt(i).getKey();
            all.add(key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
        }
        return all;
    }

    private static List<String> storedBase64(Database db) {
        return db.read(h -> {
            List<String> values = new ArrayList<>();
            values.addAll(h.createQuery("SELECT encrypted_keyset FROM kms_keys WHERE encrypted_keyset IS NOT NULL")
                    .mapTo(String.class)
                    .list());
            values.addAll(h.createQuery("SELECT wrapped_key FROM kms_data_keys")
                    .mapTo(String.class)
                    .list());
            values.addAll(h.createQuery("SELECT ciphertext FROM kms_secret_versions")
                    .mapTo(String.class)
                    .list());
            return values;
        });
    }

    private static List<String> scanFiles(Path dataDir, Map<String, byte[]> needles, String extraText)
            throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            found.addAll(scan(file.getFileName().toString(), Files.readAllBytes(file), needles, extraText));
        }
        return found;
    }

    /** Every needle as is, as lower/upper hex and as base64 at each of the three alignments; plus the JSON tokens. */
    private static List<String> scan(String where, byte[] content, Map<String, byte[]> needles, String extraText) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        needles.forEach((what, needle) -> {
            for (String form : forms(needle)) {
                if (text.contains(form)) {
                    found.add(what + " in " + where);
                    return;
                }
            }
        });
        for (String token : KEYSET_JSON) {
            if (text.contains(token)) {
                found.add("keyset JSON token " + token + " in " + where);
            }
        }
        if (extraText != null && text.contains(extraText)) {
            found.add("destroyed wrapped data key in " + where);
        }
        return found;
    }

    private static List<String> forms(byte[] needle) {
        List<String> forms = new ArrayList<>();
        forms.add(new String(needle, StandardCharsets.ISO_8859_1));
        forms.add(HexFormat.of().formatHex(needle));
        forms.add(HexFormat.of().withUpperCase().formatHex(needle));
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + needle.length];
            System.arraycopy(needle, 0, shifted, offset, needle.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            // Drop the characters mixed with the padding bytes at the start and the partial group at the end.
            forms.add(encoded.substring(offset == 0 ? 0 : 4, encoded.length() - 4));
        }
        return forms;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1)
                .indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
