package dev.warden.console;

import dev.warden.monitor.alarms.AlarmBook;
import dev.warden.monitor.alarms.Suppressions;
import dev.warden.monitor.profiles.ProfileService;
import java.util.Objects;

/** The monitor's services the console's Monitoring pages call: the same objects as the API's {@code MonitorApi}. */
public record MonitorServices(AlarmBook alarms, Suppressions suppressions, ProfileService profiles) {
    public MonitorServices {
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(suppressions, "suppressions");
        Objects.requireNonNull(profiles, "profiles");
    }
}
