package dev.scenery.metrics;

/** Every meter name Scenery publishes, in one place. */
public final class MeterNames {
    public static final String BEACONS_ACCEPTED = "scenery.beacons.accepted";
    public static final String BEACONS_DUPLICATE = "scenery.beacons.duplicate";
    public static final String BEACONS_REJECTED = "scenery.beacons.rejected";
    public static final String BATCHES_SHED = "scenery.batches.shed";
    public static final String BATCH_SIZE = "scenery.batch.size";
    public static final String INGEST_LATENCY = "scenery.ingest.latency";
    public static final String QUERY_LATENCY = "scenery.query.latency";
    public static final String STORE_BUCKETS = "scenery.store.buckets";
    public static final String STORE_USERS = "scenery.store.users";
    public static final String STORE_EVENT_IDS = "scenery.store.event.ids";
    public static final String STORE_DISK_BYTES = "scenery.store.disk.bytes";
    public static final String WRITE_QUEUE = "scenery.write.queue";
    /** Checkpoints of the writer's bucket cache into the bucket map, since start. */
    public static final String CHECKPOINTS = "scenery.store.checkpoints";
    /** Duration of the last checkpoint, and the longest since start (seconds). */
    public static final String CHECKPOINT_LAST_SECONDS = "scenery.store.checkpoint.last.seconds";
    public static final String CHECKPOINT_MAX_SECONDS = "scenery.store.checkpoint.max.seconds";
    /** Checkpoints that failed since start (retried; writes get 507 meanwhile). */
    public static final String CHECKPOINT_FAILURES = "scenery.store.checkpoint.failures";
    /** Buckets the last checkpoint wrote. */
    public static final String CHECKPOINT_LAST_BUCKETS = "scenery.store.checkpoint.last.buckets";
    /** Visits counted under a dimension's overflow value because its per-day budget was used up. */
    public static final String BUDGET_OVERFLOW = "scenery.budget.overflow";
    /** Batches refused whole (HTTP 507) since start, per limit. */
    public static final String BATCHES_REFUSED = "scenery.batches.refused";
    /** Estimated bytes each app holds in the store (its share is store.appSharePercent). */
    public static final String STORE_APP_BYTES = "scenery.store.app.bytes";
    /** Files the bucket map and the first-seen registry have grown to. */
    public static final String STORE_BUCKET_FILES = "scenery.store.bucket.files";
    public static final String STORE_USER_FILES = "scenery.store.user.files";
    /** Forces of the redo log to disk (store.sync: durable, one per group of batches). */
    public static final String REDO_FORCES = "scenery.store.redo.forces";
    public static final String INFLIGHT_BYTES = "scenery.ingest.inflight.bytes";
    /** Request bodies being received at the moment. */
    public static final String UPLOADS = "scenery.ingest.uploads";
    /** Requests each HTTP event loop took (http.instances of them): shows the load is spread over the loops. */
    public static final String HTTP_REQUESTS = "scenery.http.requests";
    public static final String POSTGRES_DIRTY_BUCKETS = "scenery.postgres.dirty.buckets";
    public static final String POSTGRES_FLUSH_LAG = "scenery.postgres.flush.lag.seconds";
    public static final String POSTGRES_FLUSH_FAILURES = "scenery.postgres.flush.failures";
    public static final String POSTGRES_FLUSH_DURATION = "scenery.postgres.flush.last.duration.seconds";

    public static final String TAG_APP = "app";
    public static final String TAG_FORMAT = "format";
    public static final String TAG_REASON = "reason";
    public static final String TAG_ROUTE = "route";
    public static final String TAG_STATUS = "status";
    public static final String TAG_DIMENSION = "dimension";
    public static final String TAG_LIMIT = "limit";
    /** An event loop's thread name: as many values as the Vert.x event-loop pool has threads, never client input. */
    public static final String TAG_LOOP = "loop";

    private MeterNames() {
    }
}
