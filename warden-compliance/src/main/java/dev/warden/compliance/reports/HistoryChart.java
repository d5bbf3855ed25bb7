package dev.warden.compliance.reports;

import dev.warden.compliance.core.PostureHistoryPoint;
import dev.warden.compliance.core.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of the open-findings-over-time chart: one line per severity over the runs' times, a zero-based count
 * axis and a few time labels, in SVG user units. The HTML template draws it as inline SVG, so the report needs no
 * script, no font metrics and no other file (a charting library would bring AWT fonts and an SVG backend to a headless
 * node for four polylines). Only numbers and dates reach the drawing; the template escapes them anyway.
 */
record HistoryChart(
        int width,
        int height,
        int left,
        int top,
        int right,
        int bottom,
        List<Series> series,
        List<Tick> yTicks,
        List<Tick> xTicks) {

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 48;
    private static final int TOP = 16;
    private static final int RIGHT = WIDTH - 16;
    private static final int BOTTOM = HEIGHT - 40;
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One severity's line: its points as an SVG {@code points} list, and a dot per run with its value. */
    record Series(String severity, String cssClass, String points, List<Dot> dots) {}

    record Dot(double x, double y, String label) {}

    record Tick(double at, String label) {}

    HistoryChart {
        series = List.copyOf(series);
        yTicks = List.copyOf(yTicks);
        xTicks = List.copyOf(xTicks);
    }

    /** The chart of these points (in any order), or of none: an empty chart the template replaces with a sentence. */
    static HistoryChart of(List<PostureHistoryPoint> history) {
        List<PostureHistoryPoint> points = history.stream()
                .sorted(Comparator.comparing(PostureHistoryPoint::at))
                .toList();
        if (points.isEmpty()) {
            return new HistoryChart(WIDTH, HEIGHT, LEFT, TOP, RIGHT, BOTTOM, List.of(), List.of(), List.of());
        }
        int max = Math.max(
                1,
                points.stream()
                        .flatMap(p -> p.open().values().stream())
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElse(0));
        Instant first = points.get(0).at();
        Instant last = points.get(points.size() - 1).at();
        Scale scale = new Scale(first, last, niceCeiling(max));
        List<Series> series = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            series.add(series(severity, points, scale));
        }
        return new HistoryChart(WIDTH, HEIGHT, LEFT, TOP, RIGHT, BOTTOM, series, yTicks(scale), xTicks(points, scale));
    }

    boolean empty() {
        return series.isEmpty();
    }

    private static Series series(Severity severity, List<PostureHistoryPoint> points, Scale scale) {
        StringBuilder polyline = new StringBuilder();
        List<Dot> dots = new ArrayList<>();
        for (PostureHistoryPoint p : points) {
            int open = p.open().getOrDefault(severity, 0);
            double x = scale.x(p.at());
            double y = scale.y(open);
            if (polyline.length() > 0) {
                polyline.append(' ');
            }
            polyline.append(fmt(x)).append(',').append(fmt(y));
            dots.add(new Dot(x, y, MINUTE.format(p.at()) + ": " + open + " " + severity.id() + " open"));
        }
        return new Series(severity.id(), "sev-" + severity.id(), polyline.toString(), dots);
    }

    private static List<Tick> yTicks(Scale scale) {
        List<Tick> ticks = new ArrayList<>();
        // 5, 10, 50, 100 ... split in fifths; 1, 2, 20, 200 ... in quarters (or ones when that is all there is).
        int step = Math.max(1, scale.max % 5 == 0 ? scale.max / 5 : scale.max / 4);
        for (int value = 0; value <= scale.max; value += step) {
            ticks.add(new Tick(scale.y(value), Integer.toString(value)));
        }
        return ticks;
    }

    private static List<Tick> xTicks(List<PostureHistoryPoint> points, Scale scale) {
        Instant first = points.get(0).at();
        Instant last = points.get(points.size() - 1).at();
        if (first.equals(last)) {
            return List.of(new Tick(scale.x(first), MINUTE.format(first)));
        }
        Instant middle = first.plusMillis((last.toEpochMilli() - first.toEpochMilli()) / 2);
        return List.of(
                new Tick(scale.x(first), DAY.format(first)),
                new Tick(scale.x(middle), DAY.format(middle)),
                new Tick(scale.x(last), DAY.format(last)));
    }

    /** The smallest of 1, 2, 5 × 10^n at or above {@code max}, so the axis reads in round numbers. */
    static int niceCeiling(int max) {
        int magnitude = 1;
        while (true) {
            for (int factor : new int[] {1, 2, 5}) {
                if ((long) factor * magnitude >= max) {
                    return factor * magnitude;
                }
            }
            magnitude *= 10;
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Maps a run's time and a count to user units; a single run sits in the middle. */
    private record Scale(Instant first, Instant last, int max) {
        double x(Instant at) {
            long span = last.toEpochMilli() - first.toEpochMilli();
            if (span == 0) {
                return (LEFT + RIGHT) / 2.0;
            }
            return LEFT + (RIGHT - LEFT) * (double) (at.toEpochMilli() - first.toEpochMilli()) / span;
        }

        double y(int count) {
            return BOTTOM - (BOTTOM - TOP) * (double) count / max;
        }
    }
}
