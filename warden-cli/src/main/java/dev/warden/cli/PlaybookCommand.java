package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden playbook ...}: the incident playbooks and, for each, the IAM role it runs as, so that what a playbook
 * may do is reviewed before it ever runs. Runs are started on an incident ({@code warden incident playbook}).
 */
@Command(
        name = "playbook",
        description = "Incident playbooks: list them, show one's steps and the role policy it runs as, add your own.",
        subcommands = {PlaybookCommand.ListPlaybooks.class, PlaybookCommand.Show.class, PlaybookCommand.Put.class})
final class PlaybookCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    @Command(name = "list", description = "The playbooks (incident:ListPlaybooks).")
    static final class ListPlaybooks implements Callable<Integer> {
        @ParentCommand
        PlaybookCommand playbook;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    playbook.admin().get("/playbooks"),
                    "playbooks",
                    "name",
                    "kind",
                    "steps",
                    "approvals",
                    "description");
            return 0;
        }
    }

    @Command(name = "show", description = "A playbook's steps and its role's policy (incident:GetPlaybook).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        PlaybookCommand playbook;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode p = playbook.admin().get("/playbooks/" + Paths.segment(name));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, p);
                return 0;
            }
            out.printf(
                    "%s (%s): %s%n",
                    p.path("name").asText(),
                    p.path("kind").asText(),
                    p.path("description").asText());
            for (JsonNode s : p.path("steps")) {
                out.printf(
                        "  %-26s %-30s on each %-14s %s%s%n",
                        s.path("id").asText(),
                        s.path("action").asText(),
                        s.path("target").asText(),
                        s.path("mode").asText(),
                        s.path("parameters").isEmpty() ? "" : " " + s.path("parameters"));
            }
            out.printf("Runs as role %s, whose policy is:%n", p.path("role").asText());
            Output.json(out, p.path("rolePolicy"));
            return 0;
        }
    }

    @Command(
            name = "put",
            description = "Add or replace a playbook of your own from a YAML or JSON file; an error"
                    + " names its line (incident:PutPlaybook). Built-in names are taken.")
    static final class Put implements Callable<Integer> {
        @ParentCommand
        PlaybookCommand playbook;

        @Spec
        CommandSpec spec;

        @Option(names = "--file", required = true, paramLabel = "FILE")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            String document = AdminClient.read(file);
            JsonNode p = playbook.admin()
                    .put(
                            "/playbooks/" + Paths.segment(OncallCommand.nameIn(document)),
                            java.util.Map.of("document", document));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Playbook %s version %s: %s steps, %s waiting for approval; runs as %s"
                                    + " (./warden playbook show %s)%n",
                            p.path("name").asText(),
                            p.path("version").asText(),
                            p.path("steps").asText(),
                            p.path("approvals").asText(),
                            p.path("role").asText(),
                            p.path("name").asText());
            return 0;
        }
    }
}
