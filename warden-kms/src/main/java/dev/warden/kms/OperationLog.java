package dev.warden.kms;

import java.time.Clock;
import java.util.function.Function;

/** Runs public operations and reports each one, refused or not, to {@link KmsEvents}. */
final class OperationLog {
    private final KmsEvents events;
    private final String region;
    private final Clock clock;

    OperationLog(KmsEvents events, String region, Clock clock) {
        this.events = events;
        this.region = region;
        this.clock = clock;
    }

    /** Runs one public operation and reports it, refused or not, to the listener. */
    <T> T audited(String operation, String key, String subject, Function<Trace, T> work) {
        Trace trace = new Trace(key, subject);
        T result;
        try {
            result = work.apply(trace);
        } catch (KmsException e) {
            report(operation, trace, e.reason());
            throw e;
        } catch (RuntimeException e) {
            report(operation, trace, KmsReason.INTERNAL);
            throw e;
        }
        report(operation, trace, null);
        return result;
    }

    private void report(String operation, Trace trace, KmsReason failure) {
        events.record(new KmsEvent(clock.instant(), region, operation, trace.key, trace.subject, failure));
    }

    /** What an operation touched, filled in as it resolves its key. */
    static final class Trace {
        String key;
        final String subject;

        Trace(String key, String subject) {
            this.key = key;
            this.subject = subject;
        }
    }
}
