package dev.scenery;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One JSON object per log line ({@code ts}, {@code level}, {@code logger}, {@code thread},
 * {@code msg}, {@code error}), for log shippers. Switched on with {@code SCENERY_LOG_FORMAT=json}.
 */
final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        JsonObject line = new JsonObject()
                .put("ts", Instant.ofEpochMilli(r.getMillis()).toString())
                .put("level", r.getLevel().getName())
                .put("logger", r.getLoggerName())
                .put("thread", r.getLongThreadID())
                .put("msg", formatMessage(r));
        if (r.getThrown() != null) {
            StringWriter trace = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("error", trace.toString());
        }
        return line.encode() + System.lineSeparator();
    }

    /** Replaces the root logger's handlers with one that writes JSON lines to stderr. */
    static void install() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new JsonLogFormatter());
        root.addHandler(console);
    }
}
