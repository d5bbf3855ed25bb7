package dev.warden.console.view;

/**
 * The overview's traffic panel over the last hour or day: the charts' data as JSON (read by the served
 * {@code charts.js} from a {@code data-} attribute: no inline script) and the same figures in words, for those who do
 * not see the charts.
 *
 * @param window         {@code hour} or {@code day}
 * @param messages       {@code [[minute starts, epoch seconds], [messages per second]]}, null for a minute not observed
 * @param failures       {@code [[minute starts], [authentication failures], [authorization denials]]} per minute
 * @param observed       minutes of the window the node observed
 * @param lastRate       messages per second in the newest minute observed
 * @param peakRate       the highest messages per second of the window
 * @param authentication authentication failures in the window
 * @param authorization  authorization denials in the window
 */
public record TrafficView(
        String window,
        String messages,
        String failures,
        int observed,
        String lastRate,
        String peakRate,
        long authentication,
        long authorization) {
    public boolean day() {
        return "day".equals(window);
    }
}
