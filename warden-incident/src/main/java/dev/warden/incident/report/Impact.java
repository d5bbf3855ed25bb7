package dev.warden.incident.report;

import java.util.List;

/**
 * What the incident touched beyond its members, as the caller counted it: how many things were affected (a rogue CA's
 * devices may outnumber the things named on the incident), how many messages they sent or received meanwhile, and which
 * kinds of data were touched (free text, e.g. "telemetry of thing/pump-7", "bucket readings").
 */
public record Impact(int things, long messages, List<String> dataTouched) {
    public Impact {
        if (things < 0 || messages < 0) {
            throw new IllegalArgumentException("impact counts are never negative");
        }
        dataTouched = List.copyOf(dataTouched);
    }

    public static Impact none() {
        return new Impact(0, 0, List.of());
    }
}
