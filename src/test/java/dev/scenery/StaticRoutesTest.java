package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's files from the classpath: content types, cache headers, compression, WebJars. */
@ExtendWith(VertxExtension.class)
class StaticRoutesTest {
    @TempDir
    Path dir;

    @Test
    void pagesRevalidateWebJarsAreCachedForAYearAndEveryReferencedFileIsServed(Vertx vertx) throws IOException {
        try (TestNode node = TestNode.start(vertx, dir, AcceptanceData.NOW)) {
            HttpResponse<Buffer> page = node.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.getHeader("Content-Type")).startsWith("text/html");
            assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
            assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"/assets/app.js\">");
            String lastModified = page.getHeader("Last-Modified");
            assertThat(lastModified).isNotBlank();
            HttpResponse<Buffer> again = node.client.get("/").putHeader("If-Modified-Since", lastModified).send().await();
            assertThat(again.statusCode()).isEqualTo(304);

            HttpResponse<Buffer> js = node.client.get("/assets/app.js").putHeader("Accept-Encoding", "gzip").send().await();
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.getHeader("Content-Type")).startsWith("text/javascript");
            assertThat(js.getHeader("Cache-Control")).isEqualTo("no-cache");
            assertThat(js.getHeader("Content-Encoding")).isEqualTo("gzip");

            // what a browser asks for on a page that names no icon: the icon, not a 404 in its console
            HttpResponse<Buffer> icon = node.get("/favicon.ico");
            assertThat(icon.statusCode()).isEqualTo(200);
            assertThat(icon.getHeader("Content-Type")).isEqualTo("image/svg+xml");
            assertThat(icon.bodyAsString()).contains("<svg");

            HttpResponse<Buffer> docs = node.get("/docs");
            assertThat(docs.statusCode()).isEqualTo(200);
            assertThat(docs.getHeader("Content-Type")).startsWith("text/html");
            assertThat(docs.bodyAsString()).contains("swagger-ui-bundle.js");

            // every /webjars/ and /assets/ URL the pages and scripts name is served; the pages name WebJars without
            // their version (pom.xml is the one place of it): those paths revalidate, versioned ones are cached a year
            Pattern url = Pattern.compile("[\"'(](/(?:webjars|assets)/[^\"')]+)[\"')]");
            List<Path> sources;
            try (Stream<Path> files = Files.walk(Path.of("src/main/resources/webroot"))) {
                sources = files.filter(Files::isRegularFile).toList();
            }
            int webjars = 0;
            for (Path file : sources) {
                Matcher m = url.matcher(Files.readString(file));
                while (m.find()) {
                    HttpResponse<Buffer> r = node.get(m.group(1));
                    assertThat(r.statusCode()).as(m.group(1) + " named in " + file).isEqualTo(200);
                    if (m.group(1).startsWith("/webjars/")) {
                        webjars++;
                        assertThat(m.group(1)).as("a WebJar path without a version").doesNotContainPattern("/[0-9]+\\.[0-9]+\\.[0-9]+/");
                        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-cache");
                        assertThat(node.client.get(m.group(1)).putHeader("If-Modified-Since", r.getHeader("Last-Modified"))
                                .send().await().statusCode()).isEqualTo(304);
                    }
                }
            }
            assertThat(webjars).isGreaterThanOrEqualTo(4); // uPlot's script and style, Swagger UI's script and style
            String version = new org.webjars.WebJarVersionLocator().version("uplot");
            HttpResponse<Buffer> versioned = node.get("/webjars/uplot/" + version + "/dist/uPlot.esm.js");
            assertThat(versioned.statusCode()).isEqualTo(200);
            assertThat(versioned.getHeader("Cache-Control")).contains("max-age=31536000");
            assertThat(Files.readString(Path.of("pom.xml"))).contains("<version>" + version + "</version>");
            for (Path file : sources) {
                assertThat(Files.readString(file)).as(file + " names no WebJar version").doesNotContain(version);
            }

            HttpResponse<Buffer> missing = node.get("/assets/nope.js");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.bodyAsJsonObject().getInteger("status")).isEqualTo(404);
            assertThat(node.get("/webjars/").statusCode()).isEqualTo(404); // no directory listing
        }
    }
}
