package dev.warden.it;

import static dev.warden.it.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden init}: idempotent, secret files private, offline root, and options accepted anywhere. */
@Tag("openssl")
class NodeInitIT {
    @TempDir
    Path dir;

    @Test
    void initIsIdempotentAndNeverPrintsTheCredential() throws Exception {
        Path data = dir.resolve("data");
        NodeHarness.CliResult first = run("init", "--data", data.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        String credential = Files.readString(data.resolve("admin-credential")).trim();
        assertThat(first.out() + first.err()).doesNotContain(credential).contains("admin-credential");
        // options are accepted before the subcommand too
        NodeHarness.CliResult second = run("--data", data.toString(), "init");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("already present").doesNotContain("Bootstrap admin credential written");
        assertThat(Files.readString(data.resolve("admin-credential")).trim()).isEqualTo(credential);
        for (String key : List.of("pki/root.key.sealed", "pki/server.key.sealed", "admin-credential")) {
            assertThat(Files.getPosixFilePermissions(data.resolve(key))).isEqualTo(PkiEndToEndIT.ownerOnly());
        }
    }

    @Test
    void offlineRootLeavesTheNodeWorkingWithoutTheRootKey() throws Exception {
        Path data = dir.resolve("data");
        Path passphrase = dir.resolve("pass");
        Files.writeString(passphrase, "correct horse battery staple\n");
        Path export = dir.resolve("root-key.p8");
        NodeHarness.CliResult init = run(
                "init",
                "--data",
                data.toString(),
                "--offline-root",
                export.toString(),
                "--passphrase-file",
                passphrase.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(data.resolve("pki/root.key")).doesNotExist();
        assertThat(data.resolve("pki/root.key.sealed")).doesNotExist();
        assertThat(Files.readString(export)).contains("ENCRYPTED PRIVATE KEY");
        var decrypted = Processes.run(
                dir,
                List.of(
                        "openssl",
                        "pkey",
                        "-in",
                        export.toString(),
                        "-passin",
                        "pass:correct horse battery staple",
                        "-noout",
                        "-text"));
        assertThat(decrypted.exitCode()).as(decrypted.output()).isZero();
        assertThat(decrypted.output()).contains("NIST CURVE: P-384");
        var wrong = Processes.run(
                dir, List.of("openssl", "pkey", "-in", export.toString(), "-passin", "pass:wrong", "-noout"));
        assertThat(wrong.exitCode()).isNotZero();

        try (NodeHarness harness = new NodeHarness(data, null)) {
            NodeHarness.CliResult enrolled = harness.cli(
                    "device",
                    "enroll",
                    "after-offline",
                    "--out",
                    dir.resolve("d").toString());
            assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
            assertThat(harness.cli("ca", "show").out()).contains("key offline");
        }
    }
}
