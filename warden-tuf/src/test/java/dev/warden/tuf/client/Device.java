package dev.warden.tuf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.tuf.RepositoryState;
import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufReason;
import java.time.Instant;

/** A device running the Java client against a {@link RepositoryState}, with its trusted store kept across updates. */
final class Device {
    final InMemoryTrustedStore store;
    final Instant now;
    TufLimits limits = TufLimits.defaults();

    Device(byte[] shippedRoot, Instant now) {
        this.store = new InMemoryTrustedStore(shippedRoot);
        this.now = now;
    }

    TrustedMetadata refresh(RepositoryState state) {
        return new TufClient(state.metadataSource(), store, limits).refresh(now);
    }

    byte[] download(RepositoryState state, String path) {
        TrustedMetadata trusted = refresh(state);
        return trusted.download(trusted.requireTarget(path), state.targetSource());
    }

    /** Asserts that an update against {@code state} is refused for {@code reason}, with {@code message} in its text. */
    TufException refused(RepositoryState state, TufReason reason, String message) {
        return refused(() -> refresh(state), reason, message);
    }

    static TufException refused(Runnable update, TufReason reason, String message) {
        TufException refusal = catchThrowableOfType(TufException.class, update::run);
        assertThat(refusal).as("the update was refused").isNotNull();
        assertThat(refusal.reason()).as(refusal.getMessage()).isEqualTo(reason);
        assertThat(refusal).hasMessageContaining(message);
        return refusal;
    }

    byte[] stored(TopLevelRole role) {
        return store.load(role).orElseThrow();
    }
}
