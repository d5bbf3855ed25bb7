package dev.warden.console.view;

/**
 * A device's firmware as its boot attestations say: the last one the node accepted and the last report of any
 * verdict (the same one when the last report was accepted); null when there was none.
 */
public record DeviceFirmwareView(String thing, Report lastVerified, Report lastReport) {
    /** One judged attestation report: when, its verdict, and the firmware it claimed. */
    public record Report(
            String at, boolean accepted, String reason, String thingType, String version, String minVersion) {}
}
