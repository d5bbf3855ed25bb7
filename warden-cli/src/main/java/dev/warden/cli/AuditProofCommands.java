package dev.warden.cli;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditProofs;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.proof.EventProof;
import dev.warden.audit.proof.EventProofJson;
import dev.warden.audit.proof.ProofCheck;
import dev.warden.audit.store.AuditStore;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Signatures;
import dev.warden.storage.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden audit prove} and {@code warden audit verify-proof}: one event's inclusion proof, made and checked. */
final class AuditProofCommands {
    private AuditProofCommands() {}

    @Command(
            name = "prove",
            description =
                    "Write a self-contained proof that an event is in the signed trail (offline,"
                            + " from the node's storage): the event, its chain hash, its RFC 9162 audit path and the signed checkpoint.")
    static final class Prove implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "EVENT-ID")
        String eventId;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the proof here (default: standard output).")
        Path out;

        @Option(
                names = "--chain",
                paramLabel = "REGION",
                description = "The region's chain (default: the node's region).")
        String region;

        @Option(
                names = "--consistent-with",
                paramLabel = "FILE",
                description = "A trusted checkpoint (an anchor line):"
                        + " add the consistency proof between it and the proof's checkpoint.")
        Path consistentWith;

        @Override
        public Integer call() throws IOException {
            WardenConfig config = audit.parent.options.config();
            String r = region != null ? region : config.region();
            AuditDigest trusted = consistentWith == null ? null : trustedCheckpoint(consistentWith, r);
            EventProof proof;
            try (Database database = AuditVerifyCommand.openTrail(config)) {
                proof = AuditProofs.prove(new AuditStore(database), r, eventId, trusted);
            } catch (AuditProofs.UnknownEvent | IllegalStateException e) {
                throw new CliException(e.getMessage());
            }
            // The node's own keys must accept what it hands out: a proof from a tampered store is refused here.
            ProofCheck.Verdict self = new ProofCheck(
                            AuditKeyFiles.trusted(null, config.dataDir()), Signatures.preferred())
                    .check(proof, trusted);
            if (!self.valid()) {
                throw new CliException("the stored trail does not prove event " + eventId + ": " + self.reason());
            }
            String text = EventProofJson.write(proof) + "\n";
            if (out == null) {
                spec.commandLine().getOut().print(text);
            } else {
                Files.writeString(out, text);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "Proof of event %s (seq %d) in checkpoint %d (%d events) written to %s%n",
                                eventId,
                                proof.seq(),
                                proof.checkpoint().digestSeq(),
                                proof.checkpoint().toSeq(),
                                out);
            }
            return 0;
        }
    }

    @Command(
            name = "verify-proof",
            description =
                    "Check an event proof (warden audit prove) with nothing but the public"
                            + " key(s): exit code 0 only when the event, its path, the checkpoint signature and the key's validity hold.")
    static final class VerifyProof implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(
                names = "--public-key",
                required = true,
                paramLabel = "FILE",
                description = "An audit-signing public key" + " (PEM) or an audit-keys.json; repeat it for several.")
        List<Path> publicKeys;

        @Option(
                names = "--checkpoint",
                paramLabel = "TRUSTED",
                description =
                        "A trusted checkpoint (an anchor line, or an"
                                + " anchor file: its newest checkpoint): the proof's checkpoint must be it or consistent with it.")
        Path checkpoint;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String verdict;
            boolean valid;
            try {
                EventProof proof = EventProofJson.parse(Files.readString(file));
                AuditDigest trusted = checkpoint == null
                        ? null
                        : trustedCheckpoint(checkpoint, proof.checkpoint().region());
                ProofCheck.Verdict v = new ProofCheck(AuditKeyFiles.trusted(publicKeys, null), Signatures.preferred())
                        .check(proof, trusted);
                valid = v.valid();
                verdict = v.reason();
            } catch (IOException e) {
                valid = false;
                verdict = "cannot read " + file + ": " + e.getMessage();
            } catch (RuntimeException e) {
                valid = false;
                verdict = AuditKeyFiles.oneLine(e.getMessage());
            }
            out.println((valid ? "VALID: " : "INVALID: ") + verdict);
            return valid ? 0 : 1;
        }
    }

    /** The newest checkpoint of {@code region} in a file of anchor lines (one line, or a whole anchor file). */
    static AuditDigest trustedCheckpoint(Path file, String region) {
        try {
            AnchorLog log = AnchorLog.parse(region, Files.readAllLines(file), true);
            if (!log.malformed().isEmpty()) {
                throw new CliException("the trusted checkpoint " + file + " is unreadable: "
                        + log.malformed().get(0));
            }
            return log.latestCheckpoint()
                    .orElseThrow(() -> new CliException(file + " holds no checkpoint of " + region));
        } catch (IOException e) {
            throw new CliException("cannot read the trusted checkpoint " + file);
        }
    }
}
