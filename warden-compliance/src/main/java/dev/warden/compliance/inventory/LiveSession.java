package dev.warden.compliance.inventory;

/** An authenticated connection open on the gateway now: its thing and the serial of the certificate it used. */
public record LiveSession(String thing, String serial) {}
