package dev.scenery.http;

import dev.scenery.beacon.SceneCatalog;
import dev.scenery.query.View;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A top list or trend as CSV ({@code format=csv} or {@code Accept: text/csv}): UTF-8 with a byte
 * order mark (so that Excel reads Chinese names right), headers in the page's language
 * ({@code lang=zh|en}), and the figures of the JSON answer, taken from it. A list has one row per
 * item, then the total; a trend one row per line and bucket (long format, for pivot tables), the
 * all-visits line last. With {@code compare}, each row carries the compared period's figures too.
 * Text that a spreadsheet would read as a formula (starting with {@code = + - @}) is prefixed with
 * an apostrophe.
 */
final class CsvAnswer {
    private static final String BOM = "\uFEFF";
    private static final String[] FIGURES = {"opens", "visitors", "newVisitors"};

    private final String lang;
    private final SceneCatalog catalog;
    private final StringBuilder out = new StringBuilder(BOM);

    private CsvAnswer(String lang, SceneCatalog catalog) {
        this.lang = lang;
        this.catalog = catalog;
    }

    /** Whether a request asks for CSV: {@code format=csv}, or no {@code format} and an Accept header naming text/csv. */
    static boolean wanted(String format, String accept) {
        return format != null ? format.equals("csv") : accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    static void send(RoutingContext ctx, JsonObject answer, View view, boolean trend, String lang, SceneCatalog catalog) {
        CsvAnswer csv = new CsvAnswer(lang, catalog);
        if (trend) {
            csv.trend(answer, view);
        } else {
            csv.list(answer, view);
        }
        JsonObject range = answer.getJsonObject("range");
        String file = "scenery-" + answer.getString("app") + "-" + view.route() + (trend ? "-trend" : "")
                + (answer.containsKey("dimension") ? "-" + answer.getString("dimension") : "")
                + "-" + range.getString("from") + "_" + range.getString("to") + ".csv";
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + file.replaceAll("[^A-Za-z0-9_.-]", "_") + "\"")
                .end(csv.out.toString());
    }

    /** The first column's header, the row's key columns and the three figures. */
    private List<Object> headers(String first, View view, JsonObject answer) {
        List<Object> head = new ArrayList<>(List.of(first));
        head.addAll(keyHeaders(view, answer));
        for (String f : FIGURES) {
            head.add(figureName(f));
        }
        return head;
    }

    private void list(JsonObject answer, View view) {
        boolean compare = answer.containsKey("compare");
        List<Object> head = headers(t("rank", "排名"), view, answer);
        head.add(t("visitors estimated", "访问用户数为估算值"));
        head.add(t("share", "占比"));
        if (compare) {
            for (String f : FIGURES) {
                head.add(t(figureName(f) + " (previous)", "上期" + figureName(f)));
            }
            for (String f : FIGURES) {
                head.add(t(figureName(f) + " change", figureName(f) + "变化"));
            }
            for (String f : FIGURES) {
                head.add(t(figureName(f) + " change (%)", figureName(f) + "变化率（%）"));
            }
            head.addAll(List.of(t("previous rank", "上期排名"), t("rank change", "排名变化"), t("new in top", "新进榜")));
        }
        row(head);
        JsonArray items = answer.getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            List<Object> r = new ArrayList<>(List.of(i + 1));
            r.addAll(keyCells(view, item));
            figures(r, item, true);
            r.add(item.getValue("share"));
            if (compare) {
                comparison(r, item.getJsonObject("previous"), item.getJsonObject("change"), item.getJsonObject("changePercent"));
                r.add(item.getValue("previousRank"));
                r.add(item.getValue("rankChange"));
                r.add(item.getBoolean("newInTop"));
            }
            row(r);
        }
        List<Object> total = new ArrayList<>(List.of(t("total", "合计")));
        total.add(t("all visits", "全部访问"));
        while (total.size() < 1 + keyHeaders(view, answer).size()) {
            total.add(null);
        }
        figures(total, answer.getJsonObject("total"), true);
        total.add(null);
        if (compare) {
            JsonObject c = answer.getJsonObject("compare");
            comparison(total, c.getJsonObject("total"), c.getJsonObject("change"), c.getJsonObject("changePercent"));
        }
        row(total);
        note(answer);
    }

    private void trend(JsonObject answer, View view) {
        JsonObject compare = answer.getJsonObject("compare");
        List<Object> head = headers(t("bucket", "时间"), view, answer);
        if (compare != null) {
            head.add(t("previous bucket", "上期时间"));
            for (String f : FIGURES) {
                head.add(t(figureName(f) + " (previous)", "上期" + figureName(f)));
            }
        }
        row(head);
        JsonArray buckets = answer.getJsonArray("buckets");
        JsonArray series = answer.getJsonArray("series");
        List<Object> allVisits = new ArrayList<>();
        allVisits.add(t("all visits", "全部访问"));
        while (allVisits.size() < keyHeaders(view, answer).size()) {
            allVisits.add(null);
        }
        for (int s = 0; s <= series.size(); s++) {
            boolean total = s == series.size();
            JsonObject line = total ? answer.getJsonObject("totalSeries") : series.getJsonObject(s);
            JsonObject before = compare == null ? null : total ? compare.getJsonObject("totalSeries") : line.getJsonObject("previous");
            for (int b = 0; b < buckets.size(); b++) {
                List<Object> r = new ArrayList<>(List.of(buckets.getString(b)));
                r.addAll(total ? allVisits : keyCells(view, line));
                for (String f : FIGURES) {
                    r.add(line.getJsonArray(f).getValue(b));
                }
                if (before != null) {
                    r.add(compare.getJsonArray("buckets").getString(b));
                    for (String f : FIGURES) {
                        r.add(before.getJsonArray(f).getValue(b));
                    }
                }
                row(r);
            }
        }
        note(answer);
    }

    private List<Object> keyHeaders(View view, JsonObject answer) {
        return switch (view) {
            case SCENES -> List.of(t("scene", "场景值"), t("scene name", "场景名称"), t("group", "分组"));
            case GROUPS -> List.of(t("group", "分组"), t("group key", "分组标识"));
            case SOURCES -> List.of(dimensionName(answer.getString("dimension")));
        };
    }

    private List<Object> keyCells(View view, JsonObject item) {
        return switch (view) {
            case SCENES -> {
                SceneCatalog.Group g = catalog.group(item.getString("group"));
                yield List.of(item.getInteger("code"), item.getString("name"), g == null ? item.getString("group") : g.name(lang));
            }
            case GROUPS -> List.of(lang.equals("en") ? item.getString("nameEn") : item.getString("name"), item.getString("group"));
            case SOURCES -> List.of(item.getString("value"));
        };
    }

    private static void figures(List<Object> r, JsonObject f, boolean withExact) {
        for (String name : FIGURES) {
            r.add(f.getValue(name));
        }
        if (withExact) {
            r.add(!f.getBoolean("visitorsExact"));
        }
    }

    private static void comparison(List<Object> r, JsonObject previous, JsonObject change, JsonObject percent) {
        for (JsonObject o : new JsonObject[] {previous, change, percent}) {
            for (String name : FIGURES) {
                r.add(o.getValue(name));
            }
        }
    }

    private void note(JsonObject answer) {
        row(List.of(t("Note: rows overlap (a visitor counts in every row they came through), so they do not add up to the total.",
                "注：各行有重叠（一位用户计入其来过的每一行），相加不等于合计。")));
        if ("test".equals(answer.getString("traffic"))) {
            row(List.of(t("Test traffic only (traffic=test).", "仅测试流量（traffic=test）。")));
        }
    }

    private String figureName(String figure) {
        return switch (figure) {
            case "opens" -> t("opens", "打开次数");
            case "visitors" -> t("visitors", "访问用户数");
            default -> t("new visitors", "新访问用户数");
        };
    }

    private static String dimensionName(String dimension) {
        return switch (dimension) {
            case "source_medium" -> "source / medium";
            case "source_medium_campaign" -> "source / medium / campaign";
            default -> "utm_" + dimension;
        };
    }

    private String t(String en, String zh) {
        return lang.equals("en") ? en : zh;
    }

    /** One line: numbers as the JSON has them, text quoted where needed; null is an empty cell. */
    private void row(List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = v.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s; // a spreadsheet would run it as a formula
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
