package dev.warden.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden group ...}: groups of users; a group's policies apply to every member. */
@Command(
        name = "group",
        description = "Groups of users.",
        subcommands = {GroupCommand.Create.class, GroupCommand.AddUser.class})
final class GroupCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(name = "create", description = "Create a group.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            AdminClient.admin(group.parent.options).post("/groups", Map.of("name", name));
            spec.commandLine().getOut().printf("Created group %s%n", name);
            return 0;
        }
    }

    @Command(name = "add-user", description = "Add a user to a group.")
    static final class AddUser implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GROUP")
        String name;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        @Override
        public Integer call() {
            AdminClient.admin(group.parent.options)
                    .post("/groups/" + Paths.segment(name) + "/members", Map.of("user", user));
            spec.commandLine().getOut().printf("Added %s to %s%n", user, name);
            return 0;
        }
    }
}
