package dev.warden.incident.oncall;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads schedule and escalation-policy documents, JSON or YAML (a document starting with <code>{</code> is JSON),
 * strictly: see {@link Fields}. A schedule document:
 *
 * <pre>
 * name: follow-the-sun
 * time-zone: UTC                       # default for rotations that name none
 * rotations:
 *   - name: emea
 *     time-zone: Europe/Berlin
 *     length: 1w                       # whole days: 1d, 7d, 1w, 2w
 *     handoff: "09:00"                 # local time of the rotation's zone
 *     start: 2025-01-06                # date of the first handoff
 *     hours: "08:00-20:00"             # optional: only these local hours (follow the sun)
 *     participants:
 *       - {principal: alice, email: alice@example.com, webhook: https://pager.example.com/hook}
 * overrides:                           # optional
 *   - {principal: bob, from: 2025-03-01T00:00:00Z, to: 2025-03-02T00:00:00Z}   # contact from the rotations
 * </pre>
 *
 * An escalation policy: {@code name}, then {@code levels}, each with {@code after} (0m, 10m, 1h; counted from the
 * opening) and a {@code schedule} and/or {@code principals}.
 */
public final class ScheduleDocuments {
    public static final int MAX_DOCUMENT_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9+=,.@_:/-]{1,128}");
    private static final Pattern EMAIL =
            Pattern.compile("[^@\\s<>,;:\"()\\[\\]\\\\]{1,64}@[A-Za-z0-9.-]{1,189}\\.[A-Za-z0-9-]{2,63}");
    private static final Pattern LENGTH = Pattern.compile("(\\d{1,3})([dw])");
    private static final Pattern DELAY = Pattern.compile("(\\d{1,5})([smhd])");

    private ScheduleDocuments() {}

    public static Schedule schedule(String document) {
        Fields root = Fields.of(tree(document), "");
        String name = root.required("name", ScheduleDocuments::name, "a lower-case name (a-z, 0-9, . _ -)");
        ZoneId zone = root.optional("time-zone", ZoneId::of, "a time zone such as Europe/Berlin")
                .orElse(ZoneId.of("UTC"));
        List<Rotation> rotations = root.objects("rotations", 24, (f, i) -> rotation(f, i, zone));
        if (rotations.isEmpty()) {
            throw Fields.invalid("rotations", "at least one rotation is required");
        }
        requireUnique(rotations.stream().map(Rotation::name).toList(), "rotations", "rotation names");
        Map<String, Contact> known = new HashMap<>();
        rotations.forEach(r -> r.participants().forEach(p -> known.putIfAbsent(p.principal(), p.contact())));
        List<Cover> overrides = root.objects("overrides", 200, (f, i) -> override(f, known));
        root.done();
        return new Schedule(name, rotations, overrides);
    }

    public static EscalationPolicy policy(String document) {
        Fields root = Fields.of(tree(document), "");
        String name = root.required("name", ScheduleDocuments::name, "a lower-case name (a-z, 0-9, . _ -)");
        List<EscalationLevel> levels = root.objects("levels", 10, ScheduleDocuments::level);
        if (levels.isEmpty()) {
            throw Fields.invalid("levels", "at least one level is required");
        }
        for (int i = 1; i < levels.size(); i++) {
            if (levels.get(i).after().compareTo(levels.get(i - 1).after()) < 0) {
                throw Fields.invalid("levels[" + i + "].after", "must not be earlier than the level before");
            }
        }
        root.done();
        return new EscalationPolicy(name, levels);
    }

    /** Refuses a name that is not a schedule or policy name; returns it. */
    public static String name(String s) {
        if (s == null || !NAME.matcher(s).matches()) {
            throw new IllegalArgumentException("not a name");
        }
        return s;
    }

    private static JsonNode tree(String document) {
        if (document == null || document.isBlank()) {
            throw Fields.invalid("the document", "is empty");
        }
        if (document.length() > MAX_DOCUMENT_CHARS) {
            throw Fields.invalid("the document", "is longer than " + MAX_DOCUMENT_CHARS + " characters");
        }
        boolean json = document.stripLeading().startsWith("{");
        try {
            return (json ? JSON : YAML).readTree(document);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw Fields.invalid(
                    "the document",
                    "is not valid " + (json ? "JSON" : "YAML") + where + " ("
                            + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static Rotation rotation(Fields f, int index, ZoneId defaultZone) {
        String name =
                f.optional("name", ScheduleDocuments::name, "a lower-case name").orElse("rotation-" + (index + 1));
        ZoneId zone = f.optional("time-zone", ZoneId::of, "a time zone such as Europe/Berlin")
                .orElse(defaultZone);
        int days = f.required("length", ScheduleDocuments::days, "whole days or weeks: 1d, 7d, 1w (at most 365d)");
        LocalTime handoff = f.required("handoff", LocalTime::parse, "a local time HH:MM");
        LocalDate start = f.required("start", LocalDate::parse, "a date YYYY-MM-DD");
        DailyHours hours = f.optional("hours", ScheduleDocuments::hours, "local hours HH:MM-HH:MM")
                .orElse(DailyHours.ALL_DAY);
        List<Participant> participants = f.objects("participants", 100, (p, i) -> participant(p));
        if (participants.isEmpty()) {
            throw Fields.invalid(f.path("participants"), "at least one participant is required");
        }
        return new Rotation(name, zone, participants, days, handoff, start, hours);
    }

    private static Participant participant(Fields f) {
        String principal = f.required("principal", ScheduleDocuments::principal, "an IAM principal name");
        return new Participant(principal, contact(f).orElseThrow(() -> Fields.invalid(f.path("email"), "is required")));
    }

    private static Optional<Contact> contact(Fields f) {
        Optional<String> email = f.optional("email", ScheduleDocuments::email, "an e-mail address");
        Optional<String> webhook = f.optional(
                "webhook", WebhookUrls::require, "an http(s)://host[:port]/path URL without user information");
        if (email.isEmpty() && webhook.isPresent()) {
            throw Fields.invalid(f.path("email"), "is required with a webhook");
        }
        return email.map(e -> new Contact(e, webhook));
    }

    private static Cover override(Fields f, Map<String, Contact> known) {
        String principal = f.required("principal", ScheduleDocuments::principal, "an IAM principal name");
        Instant from = f.required("from", Instant::parse, "an instant such as 2025-03-01T08:00:00Z");
        Instant to = f.required("to", Instant::parse, "an instant such as 2025-03-01T20:00:00Z");
        Optional<Contact> contact = contact(f);
        if (!to.isAfter(from)) {
            throw Fields.invalid(f.path("to"), "must be after from");
        }
        Contact c = contact.or(() -> Optional.ofNullable(known.get(principal)))
                .orElseThrow(() -> Fields.invalid(f.path("email"), "is required for someone outside the rotations"));
        return new Cover(new Participant(principal, c), from, to);
    }

    private static EscalationLevel level(Fields f, int index) {
        Duration after = f.required("after", ScheduleDocuments::delay, "a delay such as 0m, 10m, 1h (s, m, h, d)");
        Optional<String> schedule = f.optional("schedule", ScheduleDocuments::name, "a schedule name");
        List<String> principals = f.texts("principals", 20);
        for (int i = 0; i < principals.size(); i++) {
            if (!PRINCIPAL.matcher(principals.get(i)).matches()) {
                throw Fields.invalid(f.path("principals") + "[" + i + "]", "must be an IAM principal name");
            }
        }
        if (schedule.isEmpty() && principals.isEmpty()) {
            throw Fields.invalid(f.path("schedule"), "a level names a schedule or principals");
        }
        return new EscalationLevel(index + 1, after, schedule, principals);
    }

    private static int days(String s) {
        Matcher m = LENGTH.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException();
        }
        int days = Integer.parseInt(m.group(1)) * (m.group(2).equals("w") ? 7 : 1);
        if (days < 1 || days > 365) {
            throw new IllegalArgumentException();
        }
        return days;
    }

    static Duration delay(String s) {
        Matcher m = DELAY.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException();
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }

    private static DailyHours hours(String s) {
        String[] parts = s.split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException();
        }
        return new DailyHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
    }

    private static String principal(String s) {
        if (!PRINCIPAL.matcher(s).matches()) {
            throw new IllegalArgumentException();
        }
        return s;
    }

    private static String email(String s) {
        if (!EMAIL.matcher(s).matches()) {
            throw new IllegalArgumentException();
        }
        return s;
    }

    private static void requireUnique(List<String> names, String where, String what) {
        if (new java.util.HashSet<>(names).size() != names.size()) {
            throw Fields.invalid(where, what + " must be unique");
        }
    }
}
