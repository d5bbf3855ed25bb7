package dev.warden.console;

import dev.warden.monitor.alarms.AlarmBook;
import dev.warden.monitor.alarms.Suppressions;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.profiles.ProfileService;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The monitor's services the console's pages call: the same objects as the API's {@code MonitorApi}, the mitigations'
 * service included (it starts after the gateway, so it is asked for when needed; null until then).
 */
public record MonitorServices(
        AlarmBook alarms, Suppressions suppressions, ProfileService profiles, Supplier<MitigationService> mitigations) {
    public MonitorServices {
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(suppressions, "suppressions");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(mitigations, "mitigations");
    }
}
