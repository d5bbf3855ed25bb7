package dev.warden.region.forward;

/** This region's admin API, as a forwarded request reaches it (the node: its own listener, marked as forwarded). */
@FunctionalInterface
public interface LocalAdmin {
    /** Runs {@code request} here, as made in {@code originRegion}; the answer, whatever its status. */
    ForwardedResponse execute(String originRegion, ForwardedRequest request);
}
