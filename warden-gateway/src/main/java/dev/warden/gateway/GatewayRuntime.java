package dev.warden.gateway;

import java.util.concurrent.Executor;

/** What every connection of one running gateway shares. */
record GatewayRuntime(
        GatewayConfig config,
        Broker broker,
        SessionRegistry registry,
        ConnectAuthorization connectAuthorization,
        GatewayEvents events,
        Executor workers,
        ConnectionFirewall firewall,
        FlowCounters counters,
        TrafficTotals totals,
        EventLoopLag loopLag,
        ConnectingLimit connecting) {
    static final String FRAMER = "mqtt-framer";
    static final String DECODER = "mqtt-decoder";
}
