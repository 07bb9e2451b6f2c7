package dev.scenery.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads request bodies within a size limit, before and after gzip decompression. */
final class Bodies {
    private Bodies() {
    }

    /** In-memory bytes a request may hold per body byte while it is parsed and queued. */
    private static final int MEMORY_PER_BODY_BYTE = 4;

    /**
     * Reserves memory for a request's body until its answer is sent; answers 503 with Retry-After
     * (and returns false) when the service already holds as much as it may.
     */
    static boolean admit(io.vertx.ext.web.RoutingContext ctx, IngestGuard guard, int max) {
        String length = ctx.request().getHeader("Content-Length");
        long bytes = max;
        if (length != null) {
            try {
                bytes = Math.min(max, Math.max(0, Long.parseLong(length.trim())));
            } catch (NumberFormatException ignored) {
                // Bodies.read answers 400 for it
            }
        }
        long reserved = bytes * MEMORY_PER_BODY_BYTE;
        if (!guard.reserve(reserved)) {
            ctx.fail(new ApiException(503, "the service is busy with other requests; retry later", "1"));
            return false;
        }
        ctx.addEndHandler(done -> guard.release(reserved));
        return true;
    }

    /**
     * Admits a request (see {@link #admit}), reads its body and undoes a {@code Content-Encoding:
     * gzip}, all within {@code max} bytes. The future fails with an {@link ApiException} naming the
     * problem (413, 415, 400, 503); when admission fails the request is already answered.
     */
    static Future<byte[]> readDecoded(io.vertx.ext.web.RoutingContext ctx, IngestGuard guard, int max) {
        String encoding = ctx.request().getHeader("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            return Future.failedFuture(new ApiException(415, "Content-Encoding must be gzip or identity, got '" + encoding + "'"));
        }
        if (!admit(ctx, guard, max)) {
            return Promise.<byte[]>promise().future(); // answered with 503 already
        }
        return read(ctx.request(), max).map(body -> gzip ? gunzip(body, max) : body.getBytes());
    }

    /** Collects the body, failing with 413 as soon as it passes {@code max} bytes. */
    static Future<Buffer> read(HttpServerRequest request, int max) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return Future.failedFuture(new ApiException(400, "Content-Length is not a number"));
            }
            if (declared > max) {
                return Future.failedFuture(new ApiException(413, "request body is " + declared + " bytes; at most " + max + " are accepted"));
            }
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer(length == null ? 4096 : Math.max(16, Integer.parseInt(length.trim())));
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                promise.tryFail(new ApiException(413, "request body is larger than " + max + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(v -> promise.tryComplete(body));
        request.resume();
        return promise.future();
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
