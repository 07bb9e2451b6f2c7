package dev.scenery.postgres;

import dev.scenery.embedded.model.BucketKey;
import dev.scenery.embedded.model.FirstSeen;
import java.util.List;

/**
 * The buckets written since the previous flush, taken out of the writer's dirty set.
 *
 * @param keys      every bucket some write plan changed since the dirty set was last taken
 * @param watermark the last write plan applied when the set was taken: every write with a lower or
 *                  equal sequence number is in these keys or in an earlier set
 * @param users     the first-seen records written since the set was last taken (the newest of
 *                  each key), likewise complete up to {@code watermark}
 */
public record DirtyBuckets(List<BucketKey> keys, long watermark, List<FirstSeen> users) {
}
