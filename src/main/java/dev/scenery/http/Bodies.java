package dev.scenery.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import dev.scenery.config.LimitsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads request bodies within a size limit and a time limit, before and after gzip decompression,
 * holding a share of the service's in-flight budget only for the bytes that actually arrived.
 */
final class Bodies {
    private Bodies() {
    }

    /** In-memory bytes a request may hold per body byte while it is parsed and queued. */
    private static final int MEMORY_PER_BODY_BYTE = 4;
    /** The most a body buffer starts with: a declared Content-Length is a claim, not bytes received. */
    private static final int FIRST_BUFFER_BYTES = 64 * 1024;

    /**
     * Reads a request's body and undoes a {@code Content-Encoding: gzip}, all within
     * {@code limits.maxBodyBytes()} bytes and {@code limits.bodyReadTimeoutMillis()}. The future
     * fails with an {@link ApiException} naming the problem: 400 (bad Content-Length, bad gzip), 408
     * (the body did not arrive in time), 413 (too large), 415 (encoding), 429 (this address already
     * sends too many bodies at once) or 503 (the service holds as many body bytes as it may).
     */
    static Future<byte[]> readDecoded(RoutingContext ctx, IngestGuard guard, LimitsConfig limits) {
        int max = limits.maxBodyBytes();
        String encoding = ctx.request().getHeader("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            return Future.failedFuture(new ApiException(415, "Content-Encoding must be gzip or identity, got '" + encoding + "'"));
        }
        long declared = -1;
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return Future.failedFuture(new ApiException(400, "Content-Length is not a number"));
            }
            if (declared > max) {
                return Future.failedFuture(new ApiException(413, "request body is " + declared + " bytes; at most " + max + " are accepted"));
            }
        }
        String ip = guard.clientIp(ctx);
        if (!guard.startUpload(ip)) {
            return Future.failedFuture(new ApiException(429, "too many uploads at once from this address: at most "
                    + limits.maxConcurrentUploadsPerIp() + " request bodies may be in transfer per client IP", "1"));
        }
        long[] reserved = {0}; // touched on the request's event loop only
        ctx.addEndHandler(done -> guard.release(reserved[0]));
        return read(ctx, guard, ip, max, declared, limits.bodyReadTimeoutMillis(), reserved).map(body -> {
            if (!gzip) {
                return body.getBytes();
            }
            byte[] decoded = gunzip(body, max);
            long more = (long) decoded.length * MEMORY_PER_BODY_BYTE;
            if (!guard.reserve(more)) {
                throw busy();
            }
            reserved[0] += more;
            return decoded;
        });
    }

    /**
     * Collects the body, reserving in-flight budget chunk by chunk as it arrives, failing with 413
     * as soon as it passes {@code max} bytes, with 503 when the budget is spent, and with 408 when
     * it is not complete within {@code timeoutMillis} of its headers (a stalled or trickling client
     * would otherwise keep its upload slot and its bytes for as long as it likes).
     */
    private static Future<Buffer> read(RoutingContext ctx, IngestGuard guard, String ip, int max, long declared,
                                       long timeoutMillis, long[] reserved) {
        HttpServerRequest request = ctx.request();
        Promise<Buffer> promise = Promise.promise();
        long timer = ctx.vertx().setTimer(timeoutMillis, id -> promise.tryFail(new ApiException(408,
                "request body did not arrive within " + timeoutMillis + " ms; send it at once")));
        promise.future().onComplete(done -> {
            ctx.vertx().cancelTimer(timer);
            guard.endUpload(ip);
        });
        Buffer body = Buffer.buffer((int) Math.min(FIRST_BUFFER_BYTES, Math.max(16, declared < 0 ? 4096 : declared)));
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                promise.tryFail(new ApiException(413, "request body is larger than " + max + " bytes"));
                return;
            }
            long need = (long) chunk.length() * MEMORY_PER_BODY_BYTE;
            if (!guard.reserve(need)) {
                promise.tryFail(busy());
                return;
            }
            reserved[0] += need;
            body.appendBuffer(chunk);
        });
        // a connection that breaks or closes mid-body ends the upload too (nothing is answered then)
        request.exceptionHandler(e -> promise.tryFail(new ApiException(400, "request body could not be read: " + e.getMessage())));
        ctx.addEndHandler(done -> promise.tryFail(new ApiException(400, "the connection closed before the body was complete")));
        request.endHandler(v -> promise.tryComplete(body));
        request.resume();
        return promise.future();
    }

    private static ApiException busy() {
        return new ApiException(503, "the service is busy with other requests; retry later", "1");
    }

    /** Decompresses a gzip body, failing with 413 once the output passes {@code max} bytes. */
    static byte[] gunzip(Buffer compressed, int max) {
        byte[] out = new byte[Math.min(max, Math.max(1024, compressed.length() * 4))];
        int size = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.getBytes()), 8192)) {
            while (true) {
                if (size == out.length) {
                    if (size >= max) {
                        if (in.read() >= 0) {
                            throw new ApiException(413, "decompressed body is larger than " + max + " bytes");
                        }
                        break;
                    }
                    out = Arrays.copyOf(out, Math.min(max, out.length * 2));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ApiException(400, "body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new ApiException(400, "body cannot be decompressed: " + e.getMessage());
        }
        return size == out.length ? out : Arrays.copyOf(out, size);
    }
}
