package dev.scenery.loadtest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic dashboard loads: which metric each panel shows, which UTM dimension the trend is on, and
 * which custom date range the analyst picks. Dates are relative to today in the app's time zone and never
 * after it (the API rejects a custom range ending after today).
 */
final class DashboardViews {
    static final String[] METRICS = {"opens", "visitors", "newVisitors"};
    static final String[] DIMENSIONS = {"source", "medium", "campaign", "content", "term"};
    private static final String[] SOURCE_RANGES = {"7d", "7d", "7d", "30d", "yesterday"};

    private DashboardViews() {
    }

    static List<Map<String, Object>> generate(LoadSettings settings, int n) {
        Random random = new Random(settings.seed * 31 + 7);
        LocalDate today = LocalDate.now(settings.timeZone);
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> v = new HashMap<>();
            v.put("trendMetric", METRICS[random.nextInt(METRICS.length)]);
            v.put("todayMetric", random.nextDouble() < 0.6 ? "opens" : METRICS[random.nextInt(METRICS.length)]);
            v.put("sourceRange", SOURCE_RANGES[random.nextInt(SOURCE_RANGES.length)]);
            v.put("sourceMetric", random.nextDouble() < 0.6 ? "visitors" : METRICS[random.nextInt(METRICS.length)]);
            v.put("trendDimension", DIMENSIONS[(int) (DIMENSIONS.length * Math.pow(random.nextDouble(), 2))]);
            // custom: mostly a span of days within the last month, sometimes one day (shown per hour)
            int back = random.nextInt(30);
            int span = random.nextDouble() < 0.2 ? 0 : random.nextInt(Math.min(back, 20) + 1);
            LocalDate to = today.minusDays(back - span);
            LocalDate from = to.minusDays(span);
            v.put("from", from.toString());
            v.put("to", to.isAfter(today) ? today.toString() : to.toString());
            v.put("customMetric", METRICS[random.nextInt(METRICS.length)]);
            v.put("customDimension", DIMENSIONS[random.nextInt(DIMENSIONS.length)]);
            v.put("customLimit", random.nextDouble() < 0.7 ? 10 : 20);
            out.add(v);
        }
        return out;
    }
}
