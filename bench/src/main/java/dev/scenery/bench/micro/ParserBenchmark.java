package dev.scenery.bench.micro;

import dev.scenery.beacon.Beacon;
import dev.scenery.beacon.BeaconType;
import dev.scenery.beacon.GrowingIoBatch;
import dev.scenery.beacon.GrowingIoBodies;
import dev.scenery.beacon.GrowingIoFormat;
import dev.scenery.beacon.GrowingIoParser;
import dev.scenery.beacon.LzString;
import dev.scenery.beacon.NativeBatchParser;
import dev.scenery.beacon.ParsedBatch;
import dev.scenery.beacon.Utm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parse cost of one batch of 100 visit beacons as the ingest routes get it: the native batch
 * API's JSON, and the GrowingIO SDK's body, plain and LZString-compressed (decompress + parse).
 * Each benchmark checks that the whole batch was taken, so a broken input cannot look fast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark {
    static final int BATCH = 100;
    private static final int MAX_CHARS = 1 << 20;

    private final NativeBatchParser nativeParser = new NativeBatchParser(500, "tencent_ads");
    private byte[] nativeBody;
    private byte[] growingIoBody;
    private String growingIoCompressed;

    @Setup
    public void bodies() {
        long now = System.currentTimeMillis();
        List<Beacon> beacons = new ArrayList<>();
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < BATCH; i++) {
            long ts = now - 60_000L * i;
            int scene = 1001 + i % 40;
            Utm utm = i % 3 == 0 ? Utm.NONE : new Utm("src" + i % 10, "med" + i % 4, "cmp" + i % 50, null, null);
            beacons.add(new Beacon(BeaconType.VISIT, "u" + (1_000_000 + i * 37), "s" + i, ts, scene, utm, "e" + i));
            json.append(i == 0 ? "" : ",").append("{\"type\":\"visit\",\"uid\":\"u").append(1_000_000 + i * 37)
                    .append("\",\"sid\":\"s").append(i).append("\",\"ts\":").append(ts).append(",\"scene\":").append(scene)
                    .append(",\"id\":\"e").append(i).append('"');
            if (utm != Utm.NONE) {
                json.append(",\"query\":\"utm_source=").append(utm.source()).append("&utm_medium=").append(utm.medium())
                        .append("&utm_campaign=").append(utm.campaign()).append('"');
            }
            json.append(",\"path\":\"pages/index/index\"}");
        }
        nativeBody = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
        growingIoBody = GrowingIoBodies.render(beacons, GrowingIoFormat.CDP, "wx0123456789abcdef", "ds1")
                .getBytes(StandardCharsets.UTF_8);
        growingIoCompressed = GrowingIoBodies.renderCompressed(beacons, GrowingIoFormat.CDP, "wx0123456789abcdef", "ds1");
        // the inputs must parse whole, or the figures would time the error path
        nativeBatch();
        growingIoBatch();
        growingIoCompressedBatch();
    }

    @Benchmark
    public ParsedBatch nativeBatch() {
        return taken(nativeParser.parse(nativeBody, nativeBody.length));
    }

    @Benchmark
    public GrowingIoBatch growingIoBatch() {
        return taken(GrowingIoParser.parse(growingIoBody, growingIoBody.length, GrowingIoFormat.CDP, "tencent_ads", 500));
    }

    @Benchmark
    public GrowingIoBatch growingIoCompressedBatch() {
        String json = LzString.decompressFromUTF16(growingIoCompressed, MAX_CHARS);
        return taken(GrowingIoParser.parse(json, GrowingIoFormat.CDP, "tencent_ads", 500));
    }

    private static ParsedBatch taken(ParsedBatch b) {
        if (b.beacons().size() != BATCH) {
            throw new IllegalStateException("the native body parsed to " + b.beacons().size() + " beacons, " + b.rejected());
        }
        return b;
    }

    private static GrowingIoBatch taken(GrowingIoBatch b) {
        if (b.entries().size() != BATCH) {
            throw new IllegalStateException("the GrowingIO body parsed to " + b.entries().size() + " events, " + b.rejected());
        }
        return b;
    }
}
