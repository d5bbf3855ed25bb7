package dev.warden.buckets;

/** A rule and how far it is behind: keys still to send, and the last reason a send failed (a code, or null). */
public record ReplicationState(ReplicationRule rule, int pending, String lastError) {}
