package dev.scenery.loadtest;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The scenarios, injection profiles and assertions the simulations are assembled from. */
final class Scenarios {
    /** Seconds a run may go on after the last injection before Gatling stops it. */
    static final int GRACE_SECONDS = 30;

    private Scenarios() {
    }

    static HttpProtocolBuilder protocol(LoadSettings s) {
        return http.baseUrl(s.baseUrl)
                .acceptHeader("application/json")
                .userAgentHeader("scenery-loadtest (Gatling)")
                // one pool for all virtual users: an open model opens a user per batch, and a connection per
                // user would leave tens of thousands of sockets in TIME_WAIT on a long run
                .shareConnections();
    }

    // ---------------------------------------------------------------- native beacons

    /**
     * One mini-program session flushing a batch to the native API; a part of them sends the very same
     * body again (an SDK retry), whose answer must count every beacon as a duplicate.
     */
    static ScenarioBuilder nativeBeacons(LoadSettings s, String name, double rate, boolean ramped, long salt) {
        BeaconBatches batches = new BeaconBatches(s, BeaconBatches.Wire.NATIVE, salt);
        List<Map<String, Object>> pool = new ArrayList<>(batches.generate(s.expectedBatches(rate, ramped)));
        String url = "/v1/apps/" + s.app + "/beacons";
        return scenario(name)
                .feed(new PooledFeeder(pool, batches::next))
                .exec(postNative(url, "beacons", "$.accepted"))
                .doIf("#{retry}").then(
                        pause(Duration.ofMillis(200)).exec(postNative(url, "beacons retry", "$.duplicates")));
    }

    /** POSTs the record's batch, gzip-compressed when the record says so; every beacon must land in countPath. */
    private static ChainBuilder postNative(String url, String name, String countPath) {
        CheckBuilder status = status().is(202);
        CheckBuilder all = jsonPath(countPath).ofInt().is(session -> session.getInt("size"));
        HttpRequestActionBuilder plain = http(name).post(url)
                .header("Content-Type", "application/json")
                .body(StringBody(session -> session.getString("body")))
                .check(status, all);
        HttpRequestActionBuilder gzip = http(name + " (gzip)").post(url)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .body(ByteArrayBody(session -> session.get("gz")))
                .check(status, all);
        return doIfOrElse("#{gzip}").then(exec(gzip)).orElse(exec(plain));
    }

    // ---------------------------------------------------------------- GrowingIO

    /** The same sessions as {@link #nativeBeacons}, posted as the GrowingIO mini-program SDK does. */
    static ScenarioBuilder growingIoBeacons(LoadSettings s, String name, double rate, boolean ramped, long salt) {
        BeaconBatches batches = new BeaconBatches(s, BeaconBatches.Wire.GROWINGIO, salt);
        List<Map<String, Object>> pool = new ArrayList<>(batches.generate(s.expectedBatches(rate, ramped)));
        return scenario(name)
                .feed(new PooledFeeder(pool, batches::next))
                .exec(postGrowingIo(s, "gio", "$.accepted"))
                .doIf("#{retry}").then(pause(Duration.ofMillis(200)).exec(postGrowingIo(s, "gio retry", "$.duplicates")));
    }

    /**
     * POSTs the record's GrowingIO body in its format. The SDK only needs a 200 or 204; when the answer is a
     * 200 with Scenery's counts, every event must land in countPath.
     */
    private static ChainBuilder postGrowingIo(LoadSettings s, String name, String countPath) {
        HttpRequestActionBuilder saas = http(name + " saas")
                .post("/projects/" + s.gioAccount + "/apps/" + s.gioDomain + "/collect")
                .queryParam("stm", session -> System.currentTimeMillis())
                .header("Content-Type", "application/json")
                .body(StringBody(session -> session.getString("body")))
                .check(status().in(200, 204))
                .checkIf((response, session) -> response.status().code() == 200
                        && response.body().length() > 0).then(jsonPath(countPath).ofInt().is(session -> session.getInt("size")));
        String cdpUrl = "/v3/projects/" + s.gioAccount + "/collect";
        HttpRequestActionBuilder cdp = http(name + " cdp").post(cdpUrl)
                .queryParam("stm", session -> System.currentTimeMillis())
                .queryParam("compress", "0")
                .header("Content-Type", "application/json")
                .body(StringBody(session -> session.getString("body")))
                .check(status().in(200, 204))
                .checkIf((response, session) -> response.status().code() == 200
                        && response.body().length() > 0).then(jsonPath(countPath).ofInt().is(session -> session.getInt("size")));
        HttpRequestActionBuilder cdpCompressed = http(name + " cdp (lz)").post(cdpUrl)
                .queryParam("stm", session -> System.currentTimeMillis())
                .queryParam("compress", "1")
                .header("Content-Type", "text/plain;charset=UTF-8")
                .header("X-Compress-Codec", "1")
                .body(StringBody(session -> session.getString("body")))
                .check(status().in(200, 204))
                .checkIf((response, session) -> response.status().code() == 200
                        && response.body().length() > 0).then(jsonPath(countPath).ofInt().is(session -> session.getInt("size")));
        return doIfOrElse(session -> "saas".equals(session.getString("format")))
                .then(exec(saas))
                .orElse(doIfOrElse("#{compressed}").then(exec(cdpCompressed)).orElse(exec(cdp)));
    }

    // ---------------------------------------------------------------- dashboard

    /**
     * One analyst opening the dashboard: the 7-day top 10 per metric with its trend and the top sources
     * (fetched in parallel as a page does), today by hour, the top values of each UTM dimension with one
     * trend, then a custom date range.
     */
    static ScenarioBuilder dashboard(LoadSettings s, String name) {
        String b = "/v1/apps/" + s.app;
        CheckBuilder ok = status().is(200);
        CheckBuilder top = jsonPath("$.items").exists();
        CheckBuilder trend = jsonPath("$.series").exists();
        List<HttpRequestActionBuilder> dimensions = new ArrayList<>();
        for (String d : DashboardViews.DIMENSIONS) {
            if (!d.equals("source")) {
                dimensions.add(http("sources top").get(b + "/sources?range=#{sourceRange}&dimension=" + d
                        + "&metric=#{sourceMetric}&limit=10").check(ok, top));
            }
        }
        dimensions.add(http("sources trend").get(b + "/sources/trend?range=#{sourceRange}&dimension=#{trendDimension}"
                + "&metric=#{sourceMetric}&limit=5").check(ok, trend));
        Duration think = Duration.ofMillis(Math.max(0, s.thinkMs));
        return scenario(name)
                .feed(listFeeder(DashboardViews.generate(s, 1000)).circular())
                .exec(http("scenes top 7d").get(b + "/scenes?range=7d&metric=opens&limit=10").check(ok, top)
                        .resources(
                                http("scenes top 7d").get(b + "/scenes?range=7d&metric=visitors&limit=10").check(ok, top),
                                http("scenes top 7d").get(b + "/scenes?range=7d&metric=newVisitors&limit=10").check(ok, top),
                                http("scenes trend 7d").get(b + "/scenes/trend?range=7d&metric=#{trendMetric}&limit=10")
                                        .check(ok, trend),
                                http("sources top 7d").get(b + "/sources?range=7d&dimension=source&metric=visitors&limit=10")
                                        .check(ok, top)))
                .pause(think)
                .exec(http("scenes top today").get(b + "/scenes?range=today&metric=#{todayMetric}&limit=10").check(ok, top)
                        .resources(http("scenes trend today")
                                .get(b + "/scenes/trend?range=today&metric=#{todayMetric}&limit=10").check(ok, trend)))
                .pause(think)
                .exec(http("sources top").get(b + "/sources?range=#{sourceRange}&dimension=source"
                                + "&metric=#{sourceMetric}&limit=10").check(ok, top)
                        .resources(dimensions))
                .pause(think)
                .exec(http("scenes top custom").get(b + "/scenes?range=custom&from=#{from}&to=#{to}"
                                + "&metric=#{customMetric}&limit=#{customLimit}").check(ok, top)
                        .resources(
                                http("scenes trend custom").get(b + "/scenes/trend?range=custom&from=#{from}&to=#{to}"
                                        + "&metric=#{customMetric}&limit=10").check(ok, trend),
                                http("sources top custom").get(b + "/sources?range=custom&from=#{from}&to=#{to}"
                                        + "&dimension=#{customDimension}&metric=#{customMetric}&limit=10").check(ok, top)));
    }

    // ---------------------------------------------------------------- injection and assertions

    /** Open model: a linear ramp from 1/s (or the rate, if lower) up to the rate, then the rate, for the run's duration. */
    static OpenInjectionStep[] ramped(LoadSettings s, double rate) {
        int flat = Math.max(1, s.duration - s.ramp);
        OpenInjectionStep constant = constantUsersPerSec(rate).during(Duration.ofSeconds(flat));
        if (s.ramp <= 0) {
            return new OpenInjectionStep[] {constant};
        }
        return new OpenInjectionStep[] {
                rampUsersPerSec(Math.min(1.0, rate)).to(rate).during(Duration.ofSeconds(s.ramp)), constant};
    }

    /** Open model at a fixed rate for the whole duration. */
    static OpenInjectionStep[] fixed(LoadSettings s, double rate) {
        return new OpenInjectionStep[] {constantUsersPerSec(rate).during(Duration.ofSeconds(Math.max(1, s.duration)))};
    }

    /** No failed request at all, and p99 of every request under {@link LoadSettings#p99Ms}. */
    static Assertion[] assertions(LoadSettings s) {
        return new Assertion[] {
                global().failedRequests().count().is(0L),
                global().responseTime().percentile(99.0).lt(s.p99Ms)};
    }

    static Duration maxDuration(LoadSettings s) {
        return Duration.ofSeconds(s.duration + GRACE_SECONDS);
    }

    static void announce(String simulation, LoadSettings s) {
        System.out.println("[scenery-loadtest] " + simulation + ": " + s);
    }
}
