package dev.warden.storage;

/** Why a storage operation was refused. Stable codes, shown to API clients. */
public enum StorageReason {
    NOT_FOUND,
    ALREADY_EXISTS,
    CONFLICT,
    INVALID,
    UNAVAILABLE
}
