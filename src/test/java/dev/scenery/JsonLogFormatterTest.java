package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
    @Test
    void writesOneJsonObjectPerRecord() {
        LogRecord r = new LogRecord(Level.WARNING, "flush failed after {0} tries");
        r.setParameters(new Object[]{3});
        r.setLoggerName("dev.scenery.postgres");
        r.setThrown(new IllegalStateException("boom"));
        String line = new JsonLogFormatter().format(r);
        assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n{");
        JsonObject json = new JsonObject(line.strip());
        assertThat(json.getString("level")).isEqualTo("WARNING");
        assertThat(json.getString("msg")).isEqualTo("flush failed after 3 tries");
        assertThat(json.getString("logger")).isEqualTo("dev.scenery.postgres");
        assertThat(json.getString("error")).contains("IllegalStateException: boom");
        assertThat(json.getString("ts")).endsWith("Z");
    }
}
