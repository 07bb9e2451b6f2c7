package dev.scenery.loadtest;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A feeder over records generated before the run starts; should the run ask for more than were
 * generated (a longer or faster run than planned), the rest come from the generator on the fly, so no
 * record (and no event id) is ever sent twice by accident. Never runs dry.
 */
final class PooledFeeder implements Iterator<Map<String, Object>> {
    private final List<Map<String, Object>> pool;
    private final Supplier<Map<String, Object>> more;
    private int next;

    PooledFeeder(List<Map<String, Object>> pool, Supplier<Map<String, Object>> more) {
        this.pool = pool;
        this.more = more;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public synchronized Map<String, Object> next() {
        if (next < pool.size()) {
            Map<String, Object> record = pool.get(next);
            pool.set(next++, null); // sent once: let it go
            return record;
        }
        return more.get();
    }
}
