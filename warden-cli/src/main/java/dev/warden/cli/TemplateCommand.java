package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden template ...}: provisioning templates. */
@Command(
        name = "template",
        description = "Provisioning templates.",
        subcommands = {TemplateCommand.Create.class, TemplateCommand.ListTemplates.class, TemplateCommand.Delete.class})
final class TemplateCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(name = "create", description = "Create a provisioning template.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TemplateCommand template;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--pattern", required = true, description = "Thing-name glob, e.g. 'sensor-*'.")
        String pattern;

        @Option(names = "--type", description = "Thing type.")
        String type;

        @Option(
                names = "--attr",
                paramLabel = "KEY=VALUE",
                description = "Attribute set on provisioned things (repeatable).")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Option(names = "--regions", description = "Comma-separated regions allowed (default: any).")
        String regions;

        @Option(names = "--policy", description = "Policy to attach (default warden-device-default).")
        String policy;

        @Option(names = "--pending", description = "Provisioned certificates start PENDING_ACTIVATION.")
        boolean pending;

        @Option(
                names = "--allowlist",
                split = ",",
                description = "Device serial numbers allowed (pre-provisioning hook).")
        List<String> allowlist;

        @Option(names = "--webhook", description = "URL that must approve each registration (pre-provisioning hook).")
        String webhook;

        @Override
        public Integer call() {
            if (allowlist != null && webhook != null) {
                throw new CliException("choose one hook: --allowlist or --webhook");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("namePattern", pattern);
            body.put("thingType", type);
            body.put("attributes", attributes);
            body.put("allowedRegions", regions);
            body.put("policy", policy);
            body.put("initialStatus", pending ? "PENDING_ACTIVATION" : "ACTIVE");
            body.put("hook", allowlist != null ? "ALLOWLIST" : webhook != null ? "WEBHOOK" : "NONE");
            body.put("hookConfig", allowlist != null ? String.join(",", allowlist) : webhook);
            AdminClient.admin(template.parent.options).post("/provisioning-templates", body);
            spec.commandLine().getOut().printf("Template %s created%n", name);
            return 0;
        }
    }

    @Command(name = "list", description = "List templates.")
    static final class ListTemplates implements Callable<Integer> {
        @ParentCommand
        TemplateCommand template;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = AdminClient.admin(template.parent.options).get("/provisioning-templates");
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "templates",
                    "name",
                    "namePattern",
                    "policy",
                    "initialStatus",
                    "hook");
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a template.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        TemplateCommand template;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            AdminClient.admin(template.parent.options).delete("/provisioning-templates/" + Paths.segment(name));
            spec.commandLine().getOut().printf("Template %s deleted%n", name);
            return 0;
        }
    }
}
