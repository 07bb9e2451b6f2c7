package dev.scenery.postgres;

import dev.scenery.embedded.ChronicleStore;
import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.BucketValue;
import dev.scenery.embedded.model.ByteKey;
import dev.scenery.embedded.model.FirstSeen;
import dev.scenery.embedded.model.FirstVisit;
import dev.scenery.embedded.engine.PlanListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node wrote and PostgreSQL does not hold yet, tracked on the writer thread from every
 * plan it applies: the buckets and first-seen records written since the flusher last took them
 * (writer thread only, except the volatile count), and {@link #pending}, every first-seen record
 * not yet known committed, for readers on other threads.
 */
final class UnflushedWrites implements PlanListener {
    volatile int dirtyCount;
    private final Set<BucketKey> dirty = new HashSet<>();
    private final Map<ByteKey, FirstSeen> dirtyUsers = new HashMap<>();
    /**
     * Every first-seen record not yet known committed to PostgreSQL (dirty or in a flush in
     * flight), for readers on other threads: they add what PostgreSQL would make of them.
     */
    private final Map<ByteKey, FirstSeen> pending = new ConcurrentHashMap<>();

    @Override
    public void applied(long seq, List<BucketKey> newlyChanged, List<FirstSeen> firstSeen) {
        dirty.addAll(newlyChanged);
        dirtyCount = dirty.size();
        for (FirstSeen f : firstSeen) {
            // a plan's record is always earlier than the one it replaces: the newest is the one to send
            ByteKey key = new ByteKey(f.uidKey());
            dirtyUsers.put(key, f);
            pending.put(key, f);
        }
    }

    DirtyBuckets take(long seq) {
        DirtyBuckets out = new DirtyBuckets(List.copyOf(dirty), seq, List.copyOf(dirtyUsers.values()));
        dirty.clear();
        dirtyUsers.clear();
        dirtyCount = 0;
        return out;
    }

    int restore(Collection<BucketKey> keys, Collection<FirstSeen> users) {
        dirty.addAll(keys);
        for (FirstSeen f : users) {
            // a record written since the take is earlier still: keep it
            dirtyUsers.merge(new ByteKey(f.uidKey()), f, (now, back) -> now.ts() <= back.ts() ? now : back);
        }
        dirtyCount = dirty.size();
        return dirtyCount;
    }

    /** After a committed flush: its records are in PostgreSQL (unless a newer one replaced them here). */
    void committed(Collection<FirstSeen> users) {
        for (FirstSeen f : users) {
            pending.remove(new ByteKey(f.uidKey()), f);
        }
    }

    /**
     * Marks dirty every stored bucket and first-seen record whose last write is after the
     * watermark (one scan of each map).
     */
    void markAfter(ChronicleStore store, long watermark) {
        store.buckets().forEach((k, v) -> {
            if (BucketValue.decode(v).lastSeq > watermark) {
                dirty.add(BucketKey.decode(k));
            }
        });
        store.users().forEach((k, v) -> {
            FirstVisit visit = FirstVisit.decode(v);
            if (visit.seq() > watermark) {
                FirstSeen f = FirstSeen.of(k.clone(), visit);
                dirtyUsers.put(new ByteKey(f.uidKey()), f);
                pending.put(new ByteKey(f.uidKey()), f);
            }
        });
        dirtyCount = dirty.size();
    }

    /** The pending records of one app (any thread). */
    List<FirstSeen> pendingOf(String app) {
        List<FirstSeen> out = new ArrayList<>();
        for (FirstSeen f : pending.values()) {
            if (f.app().equals(app)) {
                out.add(f);
            }
        }
        return out;
    }
}
