package dev.warden.compliance.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A framework's posture at one moment: every control's {@link ControlPosture}, how many controls stand in each
 * {@link ControlStatus}, and the open findings by severity among those the framework's controls map (a finding of a
 * check the framework does not map is not this framework's). Pure: the caller passes the findings and the checks that
 * ran.
 */
public record FrameworkPosture(
        Framework framework,
        List<ControlPosture> controls,
        Map<ControlStatus, Integer> byStatus,
        Map<Severity, Integer> openBySeverity) {

    public FrameworkPosture {
        controls = List.copyOf(controls);
        byStatus = Map.copyOf(byStatus);
        openBySeverity = Map.copyOf(openBySeverity);
    }

    /**
     * Judges every control of {@code framework}.
     *
     * @param findings  the stored findings, in any status (resolved ones count for nothing)
     * @param checksRun the checks that have completed at least one run on this node: a control whose checks have not
     *                  all run cannot be called met
     */
    public static FrameworkPosture assess(
            Framework framework, Collection<StoredFinding> findings, Set<CheckId> checksRun) {
        List<ControlPosture> controls = new ArrayList<>();
        Map<ControlStatus, Integer> byStatus = zeros(ControlStatus.class);
        for (Control control : framework.controls()) {
            ControlPosture posture = assess(control, findings, checksRun);
            controls.add(posture);
            byStatus.merge(posture.status(), 1, Integer::sum);
        }
        Set<CheckId> mapped = mappedChecks(framework);
        Map<Severity, Integer> open = zeros(Severity.class);
        for (StoredFinding f : findings) {
            if (f.status() == FindingStatus.OPEN && mapped.contains(f.finding().check())) {
                open.merge(f.finding().severity(), 1, Integer::sum);
            }
        }
        return new FrameworkPosture(framework, controls, byStatus, open);
    }

    /** Judges one control, as {@link #assess(Framework, Collection, Set)} does each of a framework's. */
    public static ControlPosture assess(Control control, Collection<StoredFinding> findings, Set<CheckId> checksRun) {
        if (!control.covered()) {
            return new ControlPosture(control, ControlStatus.NOT_COVERED, List.of(), List.of(), List.of());
        }
        List<StoredFinding> open = new ArrayList<>();
        List<StoredFinding> suppressed = new ArrayList<>();
        for (StoredFinding f : findings) {
            if (!control.checks().contains(f.finding().check())) {
                continue;
            }
            if (f.status() == FindingStatus.OPEN) {
                open.add(f);
            } else if (f.status() == FindingStatus.SUPPRESSED) {
                suppressed.add(f);
            }
        }
        List<CheckId> notRun =
                control.checks().stream().filter(c -> !checksRun.contains(c)).toList();
        return new ControlPosture(control, status(open, suppressed, notRun), open, suppressed, notRun);
    }

    private static ControlStatus status(
            List<StoredFinding> open, List<StoredFinding> suppressed, List<CheckId> notRun) {
        if (!open.isEmpty()) {
            return ControlStatus.NOT_MET;
        }
        if (!notRun.isEmpty()) {
            return ControlStatus.NOT_ASSESSED;
        }
        return suppressed.isEmpty() ? ControlStatus.MET : ControlStatus.SUPPRESSED;
    }

    /** Every check at least one control of the framework names. */
    public static Set<CheckId> mappedChecks(Framework framework) {
        Set<CheckId> mapped = EnumSet.noneOf(CheckId.class);
        framework.controls().forEach(c -> mapped.addAll(c.checks()));
        return mapped;
    }

    /** The controls of the framework that name {@code check}, in the framework's order. */
    public static List<Control> controlsOf(Framework framework, CheckId check) {
        return framework.controls().stream()
                .filter(c -> c.checks().contains(check))
                .toList();
    }

    private static <E extends Enum<E>> Map<E, Integer> zeros(Class<E> type) {
        Map<E, Integer> map = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            map.put(e, 0);
        }
        return map;
    }
}
