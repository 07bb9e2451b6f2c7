package dev.scenery.bench;

import static dev.scenery.bench.Bench.*;
import static dev.scenery.bench.Tools.*;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** A growable byte buffer that writes the JSON bodies of the data set without building strings. */
final class Sink {
    byte[] b;
    int len;

    Sink(int cap) {
        b = new byte[cap];
    }

    void ensure(int more) {
        if (len + more > b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, len + more));
        }
    }

    void put(char c) {
        ensure(1);
        b[len++] = (byte) c;
    }

    void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            b[len++] = (byte) s.charAt(i);
        }
    }

    void bytes(byte[] x) {
        ensure(x.length);
        System.arraycopy(x, 0, b, len, x.length);
        len += x.length;
    }

    void pad7(int v) {
        ensure(7);
        for (int i = 6; i >= 0; i--) {
            b[len + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += 7;
    }

    void num(long v) {
        ascii(Long.toString(v));
    }

    byte[] toArray() {
        return Arrays.copyOf(b, len);
    }
}
