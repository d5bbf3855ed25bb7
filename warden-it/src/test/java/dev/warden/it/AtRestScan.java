package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.node.NodeLayout;
import dev.warden.testkit.Processes;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/** Scans for plaintext markers at rest: every file of a data directory, and a pg_dump of a node's schema. */
final class AtRestScan {
    private AtRestScan() {}

    /** No marker, nor the base64 form the database would store it in, in any file under {@code data}. */
    static void assertNoMarkerUnder(Path data, List<String> markers) throws IOException {
        Path skipped = new NodeLayout(data).generatedMasterKeyPassphrase();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(skipped))
                    .toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertNoMarkerIn(
                    file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), markers);
        }
    }

    /**
     * Neither a marker nor its base64 form, at any of the three byte alignments it can have inside a larger encoded
     * value (the middle of each encoding, which does not depend on its neighbours).
     */
    static void assertNoMarkerIn(String where, String content, List<String> markers) {
        for (String marker : markers) {
            assertThat(content).as("%s holds a marker", where).doesNotContain(marker);
            byte[] bytes = marker.getBytes(StandardCharsets.UTF_8);
            for (int shift = 0; shift < 3; shift++) {
                byte[] shifted = new byte[shift + bytes.length];
                System.arraycopy(bytes, 0, shifted, shift, bytes.length);
                String base64 = Base64.getEncoder().encodeToString(shifted);
                assertThat(content)
                        .as("%s holds a marker in base64", where)
                        .doesNotContain(base64.substring(4, base64.length() - 4));
            }
        }
    }

    /** A plain-SQL dump of the node's schema in the database of {@code db} (a URL from PostgresFixture). */
    static String pgDump(Path workDir, String db, String mustContain) {
        URI uri = URI.create(db);
        String schema = uri.getQuery().replaceFirst(".*currentSchema=([A-Za-z0-9_]+).*", "$1");
        String base = db.substring(0, db.indexOf('?'));
        var dump = Processes.run(workDir, List.of("pg_dump", "--dbname=" + base, "--schema=" + schema), 60);
        assertThat(dump.exitCode()).as(dump.output()).isZero();
        assertThat(dump.output()).contains(mustContain);
        return dump.output();
    }
}
