package dev.warden.region.failover;

/** The gateway's live connections of a failed-over region's devices (the node: its session registry). */
public interface GuestSessions {
    GuestSessions NONE = new GuestSessions() {
        @Override
        public int sendHome(String homeRegion, String serverReference) {
            return 0;
        }

        @Override
        public int count(String homeRegion) {
            return 0;
        }

        @Override
        public int disconnect(String homeRegion, String serialHex) {
            return 0;
        }
    };

    /** Disconnects every device of {@code homeRegion}, telling MQTT 5 clients to go to {@code serverReference}. */
    int sendHome(String homeRegion, String serverReference);

    /** How many devices of {@code homeRegion} are connected here. */
    int count(String homeRegion);

    /** Disconnects the device of {@code homeRegion} connected here with the certificate {@code serialHex}. */
    int disconnect(String homeRegion, String serialHex);
}
