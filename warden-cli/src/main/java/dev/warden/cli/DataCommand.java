package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden data ...}: devices' stored telemetry, decrypted by the node for the caller (action data:GetTelemetry). */
@Command(
        name = "data",
        description = "Device data at rest: query stored telemetry.",
        subcommands = {DataCommand.Query.class})
final class DataCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(
            name = "query",
            description = "A thing's telemetry, oldest first: time, topic, payload (binary payloads as base64).")
    static final class Query implements Callable<Integer> {
        @ParentCommand
        DataCommand data;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "THING")
        String thing;

        @Option(
                names = "--from",
                paramLabel = "ISO-INSTANT",
                description = "Inclusive start, e.g. 2026-11-29T00:00:00Z.")
        String from;

        @Option(names = "--to", paramLabel = "ISO-INSTANT", description = "Exclusive end.")
        String to;

        @Option(names = "--limit", description = "At most this many messages (1-10000, default 1000).")
        Integer limit;

        @Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            List<String> query = new ArrayList<>();
            if (from != null) {
                query.add("from=" + Paths.segment(from));
            }
            if (to != null) {
                query.add("to=" + Paths.segment(to));
            }
            if (limit != null) {
                query.add("limit=" + limit);
            }
            String path = "/things/" + Paths.segment(thing) + "/telemetry"
                    + (query.isEmpty() ? "" : "?" + String.join("&", query));
            JsonNode answer = AdminClient.admin(data.parent.options).get(path);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, answer);
                return 0;
            }
            if (answer.path("messages").isEmpty()) {
                out.printf(
                        "No messages from %s %s.%n",
                        thing,
                        from == null && to == null
                                ? "stored"
                                : from == null
                                        ? "before " + to
                                        : to == null ? "since " + from : "between " + from + " and " + to);
                return 0;
            }
            for (JsonNode m : answer.path("messages")) {
                String payload = m.has("payload")
                        ? m.path("payload").asText()
                        : "base64:" + m.path("payloadBase64").asText();
                out.printf(
                        "%s  %s  %s%n",
                        m.path("receivedAt").asText(), m.path("topic").asText(), payload);
            }
            if (answer.path("truncated").asBoolean()) {
                spec.commandLine()
                        .getErr()
                        .println("(more messages in this window: raise --limit or narrow --from/--to)");
            }
            return 0;
        }
    }
}
