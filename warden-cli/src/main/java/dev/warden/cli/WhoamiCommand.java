package dev.warden.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden whoami}: the principal the node sees for this CLI's credential (sts:GetCallerIdentity). */
@Command(name = "whoami", description = "Show the principal your credential authenticates as.")
final class WhoamiCommand implements Callable<Integer> {
    @ParentCommand
    WardenCommand parent;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--json", description = "Print the API's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
        var me = AdminClient.admin(parent.options).get("/whoami");
        if (json) {
            Output.json(spec.commandLine().getOut(), me);
            return 0;
        }
        spec.commandLine()
                .getOut()
                .println(me.path("type").asText() + " " + me.path("id").asText());
        return 0;
    }
}
