package dev.warden.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden report ...}: reports about this node as a whole. */
@Command(
        name = "report",
        description = "Reports about this node: who is responsible for what, and whether it holds now.",
        subcommands = {ReportCommand.SharedResponsibility.class})
final class ReportCommand {
    @ParentCommand
    WardenCommand parent;

    /**
     * {@code warden report shared-responsibility}: for each control of the seed's three layers and of a framework,
     * who is responsible (Warden, the operator, the device maker), whether it holds on this node now, the evidence,
     * and what to do where it does not ({@code compliance:GetReport}).
     */
    @Command(
            name = "shared-responsibility",
            description = "Who is responsible for each control (Warden, you, the device maker), whether it holds on"
                    + " this node now, the evidence and what to do (compliance:GetReport).")
    static final class SharedResponsibility implements Callable<Integer> {
        @ParentCommand
        ReportCommand report;

        @Spec
        CommandSpec spec;

        @Option(names = "--format", defaultValue = "md", description = "md (default) or html.")
        String format;

        @Option(
                names = "--framework",
                defaultValue = "etsi-en-303-645",
                description = "The framework whose controls are listed too (default etsi-en-303-645).")
        String framework;

        @Option(names = "--out", paramLabel = "FILE", description = "Write it here; - (the default) prints it.")
        String out = "-";

        @Override
        public Integer call() throws IOException {
            String path = "/compliance/shared-responsibility?format=" + Paths.segment(format) + "&framework="
                    + Paths.segment(framework);
            ComplianceReportCommand.Reports.download(AdminClient.admin(report.parent.options), path, out, spec);
            return 0;
        }
    }
}
