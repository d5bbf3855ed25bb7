package dev.warden.monitor.store;

import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.BaselineSnapshot;
import dev.warden.monitor.core.TargetKey;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Reads and writes {@code monitor_baselines}: what each target's learned behaviours have learned so far. */
public final class BaselineDao {
    private final Handle handle;

    public BaselineDao(Handle handle) {
        this.handle = handle;
    }

    public List<BaselineSnapshot> all() {
        return handle.createQuery("SELECT profile, behaviour, target, samples, mean, m2 FROM monitor_baselines"
                        + " ORDER BY profile, behaviour, target")
                .map((rs, ctx) -> new BaselineSnapshot(
                        new AlarmKey(
                                rs.getString("profile"),
                                rs.getString("behaviour"),
                                TargetKey.parse(rs.getString("target"))),
                        rs.getLong("samples"),
                        Double.parseDouble(rs.getString("mean")),
                        Double.parseDouble(rs.getString("m2"))))
                .list();
    }

    /**
     * Replaces every stored baseline by {@code snapshots}: the engine holds all of them (restored at start, learned
     * since), so what it no longer holds (a removed behaviour, a deleted thing) is dropped here too.
     */
    public void replaceAll(List<BaselineSnapshot> snapshots, Instant at) {
        handle.createUpdate("DELETE FROM monitor_baselines").execute();
        if (snapshots.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO monitor_baselines"
                + " (profile, behaviour, target, samples, mean, m2, updated_at)"
                + " VALUES (:profile, :behaviour, :target, :samples, :mean, :m2, :at)");
        for (BaselineSnapshot s : snapshots) {
            batch.bind("profile", s.key().profile())
                    .bind("behaviour", s.key().behaviour())
                    .bind("target", s.key().target().toString())
                    .bind("samples", s.count())
                    .bind("mean", Double.toString(s.mean()))
                    .bind("m2", Double.toString(s.m2()))
                    .bind("at", at.toEpochMilli())
                    .add();
        }
        batch.execute();
    }
}
