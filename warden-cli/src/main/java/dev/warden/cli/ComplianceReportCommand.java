package dev.warden.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden compliance report}: a framework's posture and findings as JSON, CSV, OCSF (Compliance Finding,
 * class 2003), SARIF 2.1.0 or a self-contained HTML page ({@code compliance:GetReport}).
 */
@Command(
        name = "report",
        description = "A framework's report: controls met, not met or the operator's, and the findings"
                + " (compliance:GetReport).")
final class ComplianceReportCommand implements Callable<Integer> {
    @ParentCommand
    ComplianceCommand compliance;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--framework",
            defaultValue = "etsi-en-303-645",
            description = "etsi-en-303-645 (default), nist-800-53, cis-v8 or iec-62443-4-2.")
    String framework;

    @Option(names = "--format", defaultValue = "html", description = "json, csv, ocsf, sarif or html (default).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write it here; - (the default) prints it.")
    String out = "-";

    @Override
    public Integer call() throws IOException {
        String path = "/compliance/reports/" + Paths.segment(framework) + "?format=" + Paths.segment(format);
        Reports.download(compliance.admin(), path, out, spec);
        return 0;
    }

    /** Writes a downloaded document to a file (replaced only once it is complete) or to standard output. */
    static final class Reports {
        private Reports() {}

        static void download(AdminClient admin, String path, String out, CommandSpec spec) throws IOException {
            if ("-".equals(out)) {
                try (OutputStream stdout = WardenCommand.binaryOut(spec)) {
                    admin.download(path, stdout);
                }
                return;
            }
            Path target = Path.of(out);
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try (OutputStream file = Files.newOutputStream(partial)) {
                admin.download(path, file);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            spec.commandLine().getErr().println("wrote " + target);
        }
    }
}
