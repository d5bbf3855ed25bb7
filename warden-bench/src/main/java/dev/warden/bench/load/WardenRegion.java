package dev.warden.bench.load;

/** The node runs with the default region; its CRL and CA chain are published under this name. */
final class WardenRegion {
    static final String NAME = "eu-west-1";

    private WardenRegion() {}
}
