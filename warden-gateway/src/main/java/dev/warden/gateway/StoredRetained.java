package dev.warden.gateway;

/**
 * A retained message as {@link SessionStore#loadRetained()} returns it.
 *
 * @param id      the name the broker gave it in {@link SessionChange.PutRetained}
 * @param thing   the thing that published it
 * @param message the broker's opaque encoding of topic, payload, properties and expiry
 */
public record StoredRetained(String id, String thing, byte[] message) {}
