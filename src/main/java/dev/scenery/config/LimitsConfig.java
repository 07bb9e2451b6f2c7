package dev.scenery.config;

/**
 * Input limits of the ingest and query routes.
 *
 * @param maxBodyBytes         largest request body, before and after decompression
 * @param maxBatch             most beacons in one request
 * @param lateWindowMillis     oldest accepted beacon age
 * @param futureToleranceMillis how far in the future a beacon's ts may be
 * @param maxCustomDays        longest custom query range, in days
 * @param writeQueueBatches    most batches waiting for the store before ingest answers 503
 * @param maxInflightBytes     most request-body bytes read or queued at once before ingest answers 503
 * @param maxQueryChars        longest query string of a request (414 past it)
 * @param maxUtmValuesPerDay   distinct values per app, UTM dimension and day; later new values count as "(other)"
 * @param trustedProxies       addresses of load balancers: behind them the per-IP limits count the address they
 *                             append to X-Forwarded-For
 * @param maxScenesPerDay      distinct scene values per app and day; later new ones count as the overflow scene (-1)
 * @param requestsPerSecondPerIp requests one client IP may send per second (429 past it; 0 turns the limit off)
 * @param bodyReadTimeoutMillis longest time a request body may take to arrive once its headers are in (408 past it,
 *                             and the connection is closed): a slow or stalled upload cannot hold its slot for long
 * @param idleTimeoutSeconds    a connection that sends and receives nothing this long is closed
 * @param maxConcurrentUploadsPerIp request bodies one client IP may be sending at once (429 past it); generous
 *                             because many phones can share one carrier NAT address
 */
public record LimitsConfig(int maxBodyBytes, int maxBatch, long lateWindowMillis, long futureToleranceMillis,
                           int maxCustomDays, int writeQueueBatches, long maxInflightBytes,
                           int maxQueryChars, int maxUtmValuesPerDay, int maxScenesPerDay, int requestsPerSecondPerIp,
                           long bodyReadTimeoutMillis, int idleTimeoutSeconds, int maxConcurrentUploadsPerIp,
                           java.util.List<String> trustedProxies) {
}
