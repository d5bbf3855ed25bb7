package dev.warden.demo;

import java.io.PrintWriter;
import java.util.List;

/** The demo's voice: short steps, colour only on a real terminal (and never with NO_COLOR), a table at the end. */
final class DemoConsole {
    private static final String RESET = "\u001b[0m";
    private final PrintWriter out;
    private final boolean colour;

    DemoConsole(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    static boolean terminalSupportsColour() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("NO_COLOR") == null && term != null && !term.equals("dumb");
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + RESET : text;
    }

    String bold(String text) {
        return paint("1", text);
    }

    String green(String text) {
        return paint("32", text);
    }

    String red(String text) {
        return paint("31", text);
    }

    String dim(String text) {
        return paint("2", text);
    }

    void title(String text) {
        out.println();
        out.println(bold(text));
        out.flush();
    }

    void step(String text) {
        out.println("  " + text);
        out.flush();
    }

    void ok(String text) {
        out.println("  " + green("✔") + " " + text);
        out.flush();
    }

    void fail(String text) {
        out.println("  " + red("✘") + " " + text);
        out.flush();
    }

    /** Overwrites one line on a terminal; prints only the final state otherwise. */
    void progress(String text, boolean last) {
        if (colour) {
            out.print("\r  " + text + (last ? System.lineSeparator() : ""));
            out.flush();
        } else if (last) {
            step(text);
        }
    }

    void table(List<AttackOutcome> outcomes) {
        int w1 = "Attack".length();
        int w2 = "Blocked how".length();
        for (AttackOutcome o : outcomes) {
            w1 = Math.max(w1, o.attack().length());
            w2 = Math.max(w2, o.how().length());
        }
        String format = "  %-" + w1 + "s  %-8s  %-" + w2 + "s  %s%n";
        out.printf(format, "Attack", "Result", "Blocked how", "In");
        out.printf(format, "-".repeat(w1), "-".repeat(8), "-".repeat(w2), "-".repeat(8));
        for (AttackOutcome o : outcomes) {
            String result = o.blocked() ? green("BLOCKED") + (colour ? " " : " ") : red("GOT IN ");
            out.printf("  %-" + w1 + "s  %s  %-" + w2 + "s  %s%n", o.attack(), result, o.how(), o.elapsedText());
        }
        out.flush();
    }
}
