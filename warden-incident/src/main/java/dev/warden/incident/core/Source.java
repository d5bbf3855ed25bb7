package dev.warden.incident.core;

import java.util.Locale;

/** Where an incident came from: a monitoring alarm, a compliance finding, a person, or a drill; {@code ref} names it
 * (the alarm or finding id, the drill's scenario). */
public record Source(Kind kind, String ref) {
    public enum Kind {
        ALARM,
        FINDING,
        MANUAL,
        DRILL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public static Source manual() {
        return new Source(Kind.MANUAL, "");
    }
}
