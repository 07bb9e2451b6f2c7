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

/** Ingest hot spots from a Java Flight Recorder recording (profile.md). */
final class Profile {
    static String analyse(Path jfr, LoadResult load, Args args, Point p) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> firstScenery = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Map<String, Long>> selfByThread = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        Map<String, Map<String, Long>> allocStacks = new HashMap<>();
        Map<String, Long> monitor = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        long gcCount = 0;
        double gcPauseMs = 0;
        double cpuJvm = 0;
        double cpuMachine = 0;
        int cpuN = 0;
        Map<String, Long> counts = new HashMap<>();
        Map<String, double[]> threadCpu = new HashMap<>(); // group -> {sum of loads, events}
        Map<String, Set<String>> groupThreads = new HashMap<>();
        try (RecordingFile rf = new RecordingFile(jfr)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent ev = rf.readEvent();
                String type = ev.getEventType().getName();
                counts.merge(type, 1L, Long::sum);
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        if (ev.getStackTrace() == null) {
                            continue;
                        }
                        samples++;
                        List<RecordedFrame> frames = ev.getStackTrace().getFrames();
                        String thread = threadGroup(ev.getThread("sampledThread") == null ? "?" : ev.getThread("sampledThread").getJavaName());
                        threads.merge(thread, 1L, Long::sum);
                        if (!frames.isEmpty()) {
                            String top = frameName(frames.get(0));
                            self.merge(top, 1L, Long::sum);
                            selfByThread.computeIfAbsent(thread, k -> new HashMap<>()).merge(top, 1L, Long::sum);
                        }
                        Set<String> seen = new HashSet<>();
                        String first = null;
                        for (RecordedFrame f : frames) {
                            String name = frameName(f);
                            if (seen.add(name)) {
                                inclusive.merge(name, 1L, Long::sum);
                            }
                            if (first == null && name.startsWith("dev.scenery.")) {
                                first = name;
                            }
                        }
                        firstScenery.merge(first == null ? "(no Scenery frame: Vert.x/Netty/JDK only)" : first, 1L, Long::sum);
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long w = ev.getLong("weight");
                        allocTotal += w;
                        allocByClass.merge(ev.getClass("objectClass").getName(), w, Long::sum);
                        String site = "(no Scenery frame)";
                        if (ev.getStackTrace() != null) {
                            for (RecordedFrame f : ev.getStackTrace().getFrames()) {
                                String name = frameName(f);
                                if (name.startsWith("dev.scenery.")) {
                                    site = name;
                                    break;
                                }
                            }
                        }
                        allocBySite.merge(site, w, Long::sum);
                        if (ev.getStackTrace() != null) {
                            StringBuilder st = new StringBuilder();
                            List<RecordedFrame> fr = ev.getStackTrace().getFrames();
                            for (int i = 0; i < Math.min(7, fr.size()); i++) {
                                st.append(i == 0 ? "" : " ← ").append(frameName(fr.get(i)).replaceAll("^(\\w+\\.)+(?=\\w+\\.\\w+$)", ""));
                            }
                            allocStacks.computeIfAbsent(ev.getClass("objectClass").getName(), k -> new HashMap<>())
                                    .merge(st.toString(), w, Long::sum);
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        gcPauseMs += ev.getDuration("sumOfPauses").toNanos() / 1e6;
                    }
                    case "jdk.CPULoad" -> {
                        cpuJvm += ev.getFloat("jvmUser") + ev.getFloat("jvmSystem");
                        cpuMachine += ev.getFloat("machineTotal");
                        cpuN++;
                    }
                    case "jdk.ThreadCPULoad" -> {
                        String name = ev.getThread("eventThread") == null ? "?" : ev.getThread("eventThread").getJavaName();
                        double[] acc = threadCpu.computeIfAbsent(name, k -> new double[2]);
                        acc[0] += ev.getFloat("user") + ev.getFloat("system");
                        acc[1]++;
                    }
                    case "jdk.JavaMonitorEnter", "jdk.ThreadPark" -> {
                        String cls = type.equals("jdk.JavaMonitorEnter") ? ev.getClass("monitorClass").getName()
                                : (ev.getClass("parkedClass") == null ? "?" : ev.getClass("parkedClass").getName());
                        monitor.merge(type.substring(4) + " " + cls, ev.getDuration().toNanos() / 1_000_000, Long::sum);
                    }
                    default -> { }
                }
            }
        }
        StringBuilder o = new StringBuilder();
        o.append("# Scenery ingest profile\n\n");
        o.append("- command: `").append(args.command).append("`, main point (").append(String.format(Locale.ROOT, "%,d", p.events))
                .append(" beacons preloaded), embedded mode\n");
        o.append("- what was recorded: JFR (`jcmd <pid> JFR.start settings=profile`, JVM flags `-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints`)"
                + " during 20-30 s of closed-loop ingest to app `warm` after the preload: ").append(load.summary()).append("\n");
        o.append("- recording: `").append(jfr).append("` (not kept in the repository; `jfr summary` / `jfr print --events jdk.ExecutionSample` read it)\n");
        o.append(String.format(Locale.ROOT, "- CPU during the recording: service JVM %.0f%% of the machine, whole machine %.0f%% (2 cores; the load generator takes much of the rest)\n",
                cpuN == 0 ? Double.NaN : 100 * cpuJvm / cpuN, cpuN == 0 ? Double.NaN : 100 * cpuMachine / cpuN));
        o.append(String.format(Locale.ROOT, "- %,d execution samples; GC: %d collections, %.0f ms of pauses in total (heap 2 GiB); allocation below"
                + " as shares of `jdk.ObjectAllocationSample` weights (their absolute sum is not a byte count on JDK 17)\n\n",
                samples, gcCount, gcPauseMs));
        if (!threadCpu.isEmpty()) {
            int cores = Runtime.getRuntime().availableProcessors();
            Map<String, double[]> byGroup = new HashMap<>();
            threadCpu.forEach((name, acc) -> {
                String g = threadGroup(name);
                byGroup.computeIfAbsent(g, k -> new double[1])[0] += acc[0] / acc[1] * cores;
                groupThreads.computeIfAbsent(g, k -> new HashSet<>()).add(name);
            });
            o.append("## CPU by thread (`jdk.ThreadCPULoad`, in cores: 1.0 = one core busy the whole time)\n\n| thread | threads | cores |\n|---|---|---|\n");
            byGroup.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(10)
                    .forEach(en -> o.append("| `").append(en.getKey()).append("` | ").append(groupThreads.get(en.getKey()).size()).append(" | ")
                            .append(String.format(Locale.ROOT, "%.2f", en.getValue()[0])).append(" |\n"));
            o.append("\n");
        }
        o.append("## CPU samples by thread\n\n");
        table(o, threads, samples, 12, "thread");
        o.append("## Hot spots: Scenery code responsible (the innermost `dev.scenery` frame of each sample, callees included)\n\n");
        table(o, firstScenery, samples, 25, "method");
        o.append("## Hot spots: self time (top frame)\n\n");
        table(o, self, samples, 30, "method");
        for (var en : selfByThread.entrySet().stream().sorted((a, b) -> Long.compare(sum(b.getValue()), sum(a.getValue()))).limit(3).toList()) {
            o.append("### self time on ").append(en.getKey()).append("\n\n");
            table(o, en.getValue(), sum(en.getValue()), 12, "method");
        }
        o.append("## Inclusive time (methods on the stack), Scenery methods only\n\n");
        Map<String, Long> sc = new HashMap<>();
        inclusive.forEach((k, v) -> {
            if (k.startsWith("dev.scenery.")) {
                sc.put(k, v);
            }
        });
        table(o, sc, samples, 30, "method");
        o.append("## Allocation (sampled weight, bytes) by Scenery site\n\n");
        table(o, allocBySite, allocTotal, 15, "innermost dev.scenery frame", "weight");
        o.append("## Allocation by class\n\n");
        table(o, allocByClass, allocTotal, 12, "class", "weight");
        allocByClass.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3).forEach(en -> {
            o.append("### where `").append(en.getKey()).append("` is allocated (top 7 frames, innermost first)\n\n");
            table(o, allocStacks.getOrDefault(en.getKey(), Map.of()), en.getValue(), 4, "stack", "weight");
        });
        if (!monitor.isEmpty()) {
            o.append("## Blocking (ms summed over threads, events above JFR's profile threshold)\n\n");
            o.append("| what | ms |\n|---|---|\n");
            monitor.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                    .forEach(en -> o.append("| `").append(en.getKey()).append("` | ").append(en.getValue()).append(" |\n"));
            o.append("\n");
        }
        o.append("## Event counts (`jfr summary`-like)\n\n| event | count |\n|---|---|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(en -> o.append("| ").append(en.getKey()).append(" | ").append(en.getValue()).append(" |\n"));
        return o.toString();
    }

    static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    static void table(StringBuilder o, Map<String, Long> m, long total, int k, String col) {
        table(o, m, total, k, col, "samples");
    }

    static void table(StringBuilder o, Map<String, Long> m, long total, int k, String col, String unit) {
        o.append("| ").append(col).append(" | ").append(unit).append(" | share |\n|---|---|---|\n");
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(k)
                .forEach(en -> o.append("| `").append(en.getKey()).append("` | ").append(en.getValue()).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * en.getValue() / Math.max(1, total))).append(" |\n"));
        o.append("\n");
    }

    static String frameName(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static String threadGroup(String name) {
        return name.replaceAll("\\d+", "#");
    }
}
