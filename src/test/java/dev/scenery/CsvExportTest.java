package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table and trend as CSV: read back here as CSV (RFC 4180, with the byte order mark), its
 * headers in the page's language, and every figure equal to the JSON answer's; {@code Accept:
 * text/csv} gives the same file; a value that a spreadsheet would run as a formula stays text.
 */
@ExtendWith(VertxExtension.class)
class CsvExportTest {
    @TempDir
    Path dir;

    static final String[] FIGURES = {"opens", "visitors", "newVisitors"};

    @Test
    void everyListAndTrendReadsBackAsCsvWithTheFiguresOfItsJson(Vertx vertx) {
        AcceptanceData data = new AcceptanceData();
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW)) {
            FigureContract.ingest(node, data.batches);
            String formula = "[{\"type\":\"visit\",\"uid\":\"f\",\"sid\":\"s\",\"ts\":" + (AcceptanceData.NOW - 60_000)
                    + ",\"scene\":1047,\"utm\":{\"source\":\"=HYPERLINK(\\\"x\\\",\\\"y\\\")\",\"medium\":\"a,b\"}}]";
            assertThat(node.postJson("/v1/apps/goa/beacons", formula).statusCode()).isEqualTo(202);
            for (String uri : List.of(
                    "/v1/apps/shop/scenes?range=7d&compare=previous",
                    "/v1/apps/shop/scenes?range=30d&group=share&lang=en",
                    "/v1/apps/nyc/groups?range=30d&metric=visitors&compare=previous&lang=en",
                    "/v1/apps/goa/sources?range=today&dimension=source_medium",
                    "/v1/apps/shop/sources?range=30d&dimension=source_medium_campaign&limit=100&lang=en",
                    "/v1/apps/shop/scenes?range=7d&traffic=test")) {
                JsonObject json = node.getJson(uri);
                List<List<String>> csv = csv(node, uri + "&format=csv");
                boolean en = uri.contains("lang=en");
                checkList(json, csv, en, uri);
            }
            for (String uri : List.of(
                    "/v1/apps/shop/scenes/trend?range=7d&compare=previous",
                    "/v1/apps/nyc/groups/trend?range=today&compare=week&lang=en",
                    "/v1/apps/goa/sources/trend?range=yesterday&dimension=medium")) {
                checkTrend(node.getJson(uri), csv(node, uri + "&format=csv"), uri.contains("lang=en"), uri);
            }
            // Accept: text/csv gives the same file; format=json wins over it
            HttpResponse<Buffer> accepted = node.client.get("/v1/apps/shop/scenes?range=7d&compare=previous")
                    .putHeader("Accept", "text/csv").send().await();
            assertThat(accepted.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
            assertThat(accepted.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"scenery-shop-scenes-2026-03-05_2026-03-11.csv\"");
            assertThat(accepted.bodyAsString()).isEqualTo(node.get("/v1/apps/shop/scenes?range=7d&compare=previous&format=csv").bodyAsString());
            assertThat(node.client.get("/v1/apps/shop/scenes?range=7d&format=json").putHeader("Accept", "text/csv").send().await()
                    .getHeader("Content-Type")).startsWith("application/json");
            // a formula stays text (an apostrophe first), and a comma is quoted
            List<List<String>> goa = csv(node, "/v1/apps/goa/sources?range=today&format=csv");
            assertThat(goa.stream().filter(r -> r.size() > 1).map(r -> r.get(1)).toList()).contains("'=HYPERLINK(\"x\",\"y\")");
            List<List<String>> media = csv(node, "/v1/apps/goa/sources?range=today&dimension=medium&format=csv");
            assertThat(media.stream().filter(r -> r.size() > 1).map(r -> r.get(1)).toList()).contains("a,b");
        }
    }

    private static void checkList(JsonObject json, List<List<String>> csv, boolean en, String where) {
        boolean compare = json.containsKey("compare");
        List<String> head = csv.get(0);
        assertThat(head.get(0)).as(where).isEqualTo(en ? "rank" : "排名");
        assertThat(head).as(where).contains(en ? "visitors" : "访问用户数");
        if (compare) {
            assertThat(head).as(where).contains(en ? "opens change (%)" : "打开次数变化率（%）", en ? "previous rank" : "上期排名");
        }
        int first = head.indexOf(en ? "opens" : "打开次数");
        JsonArray items = json.getJsonArray("items");
        assertThat(csv).as(where).hasSize(1 + items.size() + 1 + 1 + ("test".equals(json.getString("traffic")) ? 1 : 0));
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            List<String> row = csv.get(1 + i);
            assertThat(row.get(0)).isEqualTo(String.valueOf(i + 1));
            String who = item.containsKey("code") ? String.valueOf(item.getInteger("code"))
                    : item.containsKey("value") ? item.getString("value") : en ? item.getString("nameEn") : item.getString("name");
            assertThat(row.get(1)).as(where + " row " + i).isEqualTo(who.matches("^[=+\\-@].*") ? "'" + who : who);
            figures(row, first, item, where + " row " + i);
            assertThat(new BigDecimal(row.get(first + 4))).isEqualByComparingTo(BigDecimal.valueOf(item.getDouble("share")));
            if (compare) {
                comparison(row, first + 5, item.getJsonObject("previous"), item.getJsonObject("change"), item.getJsonObject("changePercent"), where);
                assertThat(row.get(first + 14)).isEqualTo(item.getValue("previousRank") == null ? "" : String.valueOf(item.getInteger("previousRank")));
                assertThat(row.get(first + 15)).isEqualTo(item.getValue("rankChange") == null ? "" : String.valueOf(item.getInteger("rankChange")));
                assertThat(row.get(first + 16)).isEqualTo(String.valueOf(item.getBoolean("newInTop")));
            }
        }
        List<String> total = csv.get(1 + items.size());
        assertThat(total.get(0)).isEqualTo(en ? "total" : "合计");
        figures(total, first, json.getJsonObject("total"), where + " total");
        if (compare) {
            JsonObject c = json.getJsonObject("compare");
            comparison(total, first + 5, c.getJsonObject("total"), c.getJsonObject("change"), c.getJsonObject("changePercent"), where);
        }
        assertThat(csv.get(2 + items.size()).get(0)).startsWith(en ? "Note: rows overlap" : "注：各行有重叠");
    }

    private static void checkTrend(JsonObject json, List<List<String>> csv, boolean en, String where) {
        JsonObject c = json.getJsonObject("compare");
        List<String> head = csv.get(0);
        assertThat(head.get(0)).isEqualTo(en ? "bucket" : "时间");
        int first = head.indexOf(en ? "opens" : "打开次数");
        JsonArray buckets = json.getJsonArray("buckets");
        JsonArray series = json.getJsonArray("series");
        assertThat(csv).as(where).hasSize(1 + (series.size() + 1) * buckets.size() + 1);
        int at = 1;
        for (int s = 0; s <= series.size(); s++) {
            JsonObject line = s == series.size() ? json.getJsonObject("totalSeries") : series.getJsonObject(s);
            JsonObject before = c == null ? null : s == series.size() ? c.getJsonObject("totalSeries") : line.getJsonObject("previous");
            for (int b = 0; b < buckets.size(); b++, at++) {
                List<String> row = csv.get(at);
                assertThat(row.get(0)).isEqualTo(buckets.getString(b));
                for (int f = 0; f < 3; f++) {
                    assertThat(row.get(first + f)).as(where + " " + FIGURES[f] + " @" + b).isEqualTo(String.valueOf(line.getJsonArray(FIGURES[f]).getLong(b)));
                }
                if (before != null) {
                    assertThat(row.get(first + 3)).isEqualTo(c.getJsonArray("buckets").getString(b));
                    for (int f = 0; f < 3; f++) {
                        assertThat(row.get(first + 4 + f)).as(where + " then").isEqualTo(String.valueOf(before.getJsonArray(FIGURES[f]).getLong(b)));
                    }
                }
            }
        }
    }

    private static void figures(List<String> row, int first, JsonObject f, String where) {
        for (int i = 0; i < 3; i++) {
            assertThat(row.get(first + i)).as(where + " " + FIGURES[i]).isEqualTo(String.valueOf(f.getLong(FIGURES[i])));
        }
        assertThat(row.get(first + 3)).as(where + " estimated").isEqualTo(String.valueOf(!f.getBoolean("visitorsExact")));
    }

    private static void comparison(List<String> row, int first, JsonObject previous, JsonObject change, JsonObject percent, String where) {
        for (int i = 0; i < 3; i++) {
            assertThat(row.get(first + i)).as(where + " then").isEqualTo(String.valueOf(previous.getLong(FIGURES[i])));
            assertThat(row.get(first + 3 + i)).as(where + " change").isEqualTo(String.valueOf(change.getLong(FIGURES[i])));
            Double p = percent.getDouble(FIGURES[i]);
            if (p == null) {
                assertThat(row.get(first + 6 + i)).as(where + " change % without a base").isEmpty();
            } else {
                assertThat(new BigDecimal(row.get(first + 6 + i))).as(where + " change %").isEqualByComparingTo(BigDecimal.valueOf(p));
            }
        }
    }

    /** The CSV of a URI: UTF-8 with a byte order mark, read as RFC 4180. */
    static List<List<String>> csv(TestNode node, String uri) {
        HttpResponse<Buffer> r = node.get(uri);
        assertThat(r.statusCode()).as(uri + ": " + r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        byte[] bytes = r.body().getBytes();
        assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).as("a UTF-8 byte order mark").containsExactly(0xEF, 0xBB, 0xBF);
        return parse(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
    }

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertThat(row).as("the file ends with a line break").isEmpty();
        return rows;
    }
}
