package dev.scenery.http;

import dev.scenery.config.LimitsConfig;
import io.vertx.ext.web.RoutingContext;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cheap protections in front of every route: the query-string length limit (414), a per-client-IP
 * request rate limit (429 with Retry-After), a per-client-IP cap on bodies being uploaded at once
 * (429 with Retry-After), and a cap on request-body bytes received or queued at once (503 with
 * Retry-After), so that a burst sheds load instead of growing memory. The byte cap counts bytes
 * that arrived, not the ones a request declares, so clients that declare large bodies and send
 * nothing hold nothing but their connection (and lose it after the body-read timeout).
 *
 * <p>One guard serves every HTTP event loop ({@link HttpApi#deploy}), so all its state is
 * thread-safe: atomics, a ConcurrentHashMap, and the rate buckets in a bounded Caffeine cache
 * whose hits take no lock; each bucket locks only itself, so two loops wait on each other only
 * for requests from the same address.
 */
final class IngestGuard {
    private static final int MAX_TRACKED_IPS = 100_000;
    private final LimitsConfig limits;
    private final AtomicLong inflightBytes = new AtomicLong();
    /** Bodies being received per client IP; an entry leaves with its last upload, so the map stays small. */
    private final Map<String, Integer> uploadsByIp = new ConcurrentHashMap<>();
    private final AtomicInteger uploads = new AtomicInteger();
    /**
     * The token buckets by IP, at most {@code MAX_TRACKED_IPS} of them. Eviction runs on the calling
     * thread (no pool hop on the hot path) and, like the LRU map before it, only forgets an address,
     * which then starts again with a full burst.
     */
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_TRACKED_IPS)
            .executor(Runnable::run).build();

    IngestGuard(LimitsConfig limits) {
        this.limits = limits;
    }

    /** Router-wide handler: query length and rate limit. */
    void screen(RoutingContext ctx) {
        String query = ctx.request().query();
        if (query != null && query.length() > limits.maxQueryChars()) {
            ctx.fail(new ApiException(414, "query string is " + query.length() + " characters; at most " + limits.maxQueryChars() + " are accepted"));
            return;
        }
        if (limits.requestsPerSecondPerIp() > 0 && !allow(clientIp(ctx))) {
            ctx.fail(new ApiException(429, "too many requests from this address: at most " + limits.requestsPerSecondPerIp() + " per second", "1"));
            return;
        }
        ctx.next();
    }

    /**
     * The client's address for the per-IP limits: the peer of the TCP connection, or, when that
     * peer is a trusted balancer ({@code limits.trustedProxies}), the address it appended last to
     * {@code X-Forwarded-For} (HAProxy's {@code option forwardfor}). Earlier entries are the
     * client's own word and are not trusted.
     */
    String clientIp(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
        if (limits.trustedProxies().isEmpty() || !limits.trustedProxies().contains(peer)) {
            return peer;
        }
        String forwarded = ctx.request().getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
        return last.isEmpty() || last.length() > 64 ? peer : last;
    }

    /** Token bucket per IP: {@code requestsPerSecondPerIp} tokens a second, as large a burst. */
    private boolean allow(String ip) {
        long rate = (long) limits.requestsPerSecondPerIp();
        Bucket b = buckets.getIfPresent(ip); // the common case: no capturing lambda per request
        if (b == null) {
            b = buckets.get(ip, k -> new Bucket(rate * 1000, System.nanoTime()));
        }
        return b.take(rate, System.nanoTime());
    }

    /** One address's tokens, in thousandths; locked per address since several event loops may take from it at once. */
    private static final class Bucket {
        private long milliTokens;
        private long lastNanos;

        Bucket(long milliTokens, long nowNanos) {
            this.milliTokens = milliTokens;
            this.lastNanos = nowNanos;
        }

        synchronized boolean take(double rate, long now) {
            // nanoTime read before the lock may be older than another loop's: never refill backwards
            long elapsed = Math.max(0, now - lastNanos);
            long refill = (long) (elapsed * rate / 1_000_000.0);
            milliTokens = Math.min((long) rate * 1000, milliTokens + refill);
            lastNanos = Math.max(lastNanos, now);
            if (milliTokens < 1000) {
                return false;
            }
            milliTokens -= 1000;
            return true;
        }
    }

    /** Reserves room for a body; false when the service holds too many bytes already. */
    boolean reserve(long bytes) {
        long after = inflightBytes.addAndGet(bytes);
        if (after > limits.maxInflightBytes()) {
            inflightBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(long bytes) {
        inflightBytes.addAndGet(-bytes);
    }

    long inflightBytes() {
        return inflightBytes.get();
    }

    /** Counts an upload from this address in; false when it already sends {@code maxConcurrentUploadsPerIp}. */
    boolean startUpload(String ip) {
        boolean[] admitted = {false};
        uploadsByIp.compute(ip, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limits.maxConcurrentUploadsPerIp()) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (admitted[0]) {
            uploads.incrementAndGet();
        }
        return admitted[0];
    }

    void endUpload(String ip) {
        uploadsByIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        uploads.decrementAndGet();
    }

    /** Request bodies being received right now, over all addresses. */
    int uploads() {
        return uploads.get();
    }
}
