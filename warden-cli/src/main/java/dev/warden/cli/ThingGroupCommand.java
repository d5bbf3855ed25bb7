package dev.warden.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden thing-group ...}: groups of things; a group's policies apply to every thing in it. */
@Command(
        name = "thing-group",
        description = "Thing groups (fleet-wide policies).",
        subcommands = {
            ThingGroupCommand.Create.class,
            ThingGroupCommand.AddThing.class,
            ThingGroupCommand.RemoveThing.class
        })
final class ThingGroupCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(
            name = "create",
            description = "Create a thing group (--scope global: made in the control region, its policies replicated).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ThingGroupCommand group;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @picocli.CommandLine.Mixin
        ScopeOption scope;

        @Override
        public Integer call() {
            var created =
                    AdminClient.admin(group.parent.options).post("/thing-groups", scope.addTo(Map.of("name", name)));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Created thing group %s (%s)%n",
                            name, created.path("scope").asText("regional"));
            return 0;
        }
    }

    @Command(name = "add-thing", description = "Add a thing; its live sessions get the group's permissions at once.")
    static final class AddThing implements Callable<Integer> {
        @ParentCommand
        ThingGroupCommand group;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GROUP")
        String name;

        @Parameters(index = "1", paramLabel = "THING")
        String thing;

        @Override
        public Integer call() {
            AdminClient.admin(group.parent.options)
                    .post("/thing-groups/" + Paths.segment(name) + "/things", Map.of("thing", thing));
            spec.commandLine().getOut().printf("Added %s to %s%n", thing, name);
            return 0;
        }
    }

    @Command(name = "remove-thing", description = "Remove a thing from a group.")
    static final class RemoveThing implements Callable<Integer> {
        @ParentCommand
        ThingGroupCommand group;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GROUP")
        String name;

        @Parameters(index = "1", paramLabel = "THING")
        String thing;

        @Override
        public Integer call() {
            AdminClient.admin(group.parent.options)
                    .delete("/thing-groups/" + Paths.segment(name) + "/things/" + Paths.segment(thing));
            spec.commandLine().getOut().printf("Removed %s from %s%n", thing, name);
            return 0;
        }
    }
}
