package dev.scenery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Selenium through
 * {@code /usr/bin/chromedriver}, against a node on a random port with the acceptance data set
 * (pinned clock, known ground truth) and the demo data. Every figure the page shows is checked
 * against what the API answers for the same view; the chart's data against the trend routes.
 * The browser console must stay free of errors (other than the failed requests an error test
 * provokes on purpose). Full-page screenshots go to {@code target/dashboard-*.png}.
 */
class DashboardBrowserTest {
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String PRIVATE_TOKEN = "private-token-0123456789";
    static final String YAML = TestNode.APPS_YAML + """
              - id: private
                name: 私有小程序
                readTokens: [ "%s" ]
              - id: empty
                name: 空小程序
                public: true
            """.formatted(PRIVATE_TOKEN);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static Vertx vertx;
    static TestNode node;
    static ChromeDriverService service;
    static ChromeDriver driver;
    static String base;

    /** Console errors a test provokes on purpose (failed requests answered 4xx). */
    private final List<Pattern> expectedConsoleErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        if (!new File(CHROMEDRIVER).canExecute() || !new File(CHROMIUM).canExecute()) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install -y chromium chromium-driver; scripts/test installs them)");
        }
        vertx = Vertx.vertx();
        node = TestNode.start(vertx, dir, AcceptanceData.NOW, YAML);
        FigureContract.ingest(node, new AcceptanceData().batches);
        for (String batch : DemoData.batches(ZoneId.of("Asia/Shanghai"), AcceptanceData.NOW)) {
            HttpResponse<Buffer> r = node.postJson("/v1/apps/demo/beacons", batch);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
            assertThat(r.bodyAsJsonObject().getJsonArray("rejected")).as(r.bodyAsString()).isEmpty();
        }
        base = "http://127.0.0.1:" + node.scenery.port();

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (node != null) {
            node.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @BeforeEach
    void freshStorage() {
        driver.get(base + "/assets/favicon.svg");
        js("localStorage.clear()");
        driver.manage().logs().get(LogType.BROWSER); // drop what came before
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = new ArrayList<>();
        List<Pattern> unseen = new ArrayList<>(expectedConsoleErrors);
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() < Level.SEVERE.intValue()) {
                continue;
            }
            if (expectedConsoleErrors.stream().noneMatch(p -> p.matcher(e.getMessage()).find())) {
                errors.add(e.getMessage());
            }
            unseen.removeIf(p -> p.matcher(e.getMessage()).find());
        }
        assertThat(errors).as("errors in the browser console").isEmpty();
        // the console is really read: the failures a test provokes show up in it
        assertThat(unseen).as("expected console errors that did not show").isEmpty();
    }

    // ---- the tests ----

    @Test
    void theScenesViewShowsTheApiFiguresAndFollowsMetricRangeAppAndReload() throws IOException {
        open("/?app=shop");
        assertThat(driver.getCurrentUrl()).contains("app=shop").contains("view=scenes").contains("range=7d").contains("metric=opens");
        assertThat(pressed("[data-range]")).isEqualTo("7d");
        assertScenes("shop", "range=7d", "opens");
        JsonObject answer = api("/v1/apps/shop/scenes?range=7d");
        WebElement meta = driver.findElement(By.id("meta-range"));
        assertThat(meta.getAttribute("data-from")).isEqualTo(answer.getJsonObject("range").getString("from"));
        assertThat(meta.getAttribute("data-to")).isEqualTo(answer.getJsonObject("range").getString("to"));
        assertThat(meta.getText()).contains("Asia/Shanghai").contains("按天").contains("数据截至 2026-03-12 23:20:00");
        assertThat(driver.findElement(By.id("panel-title")).getText()).isEqualTo("入口场景 Top 10（按打开次数）");
        screenshot("target/dashboard-scenes.png");

        // metric tabs
        click("[data-metric='visitors']");
        assertThat(driver.getCurrentUrl()).contains("metric=visitors");
        assertScenes("shop", "range=7d", "visitors");
        click("[data-metric='newVisitors']");
        assertScenes("shop", "range=7d", "newVisitors");

        // a click on a row hides its line, another shows it again
        List<WebElement> rows = driver.findElements(By.cssSelector("#top tbody tr"));
        rows.get(1).click();
        assertThat(lineShown(1)).isFalse();
        assertThat(rows.get(1).getAttribute("class")).contains("off");
        assertThat(lineShown(0)).isTrue();
        rows.get(1).click();
        assertThat(lineShown(1)).isTrue();
        assertThat(rows.get(1).getAttribute("class")).doesNotContain("off");

        // today: one point per hour so far (23:20 in Shanghai: 24 points)
        click("[data-range='today']");
        assertThat(driver.getCurrentUrl()).contains("range=today");
        assertScenes("shop", "range=today", "newVisitors");
        assertThat(chartPoints()).isEqualTo(24);
        assertThat(driver.findElement(By.id("meta-range")).getAttribute("data-granularity")).isEqualTo("hour");

        // another app in another time zone: 11:20 in New York, 12 points
        select("#app", "nyc");
        assertThat(driver.getCurrentUrl()).contains("app=nyc").contains("range=today");
        assertScenes("nyc", "range=today", "newVisitors");
        assertThat(chartPoints()).isEqualTo(12);
        assertThat(driver.findElement(By.id("meta-range")).getText()).contains("America/New_York").contains("按小时");

        // a reload restores the view from the URL
        String url = driver.getCurrentUrl();
        driver.navigate().refresh();
        waitLoaded(-1);
        assertThat(driver.getCurrentUrl()).isEqualTo(url);
        assertThat(new Select(driver.findElement(By.id("app"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("nyc");
        assertThat(pressed("[data-range]")).isEqualTo("today");
        assertThat(pressed("[data-metric]")).isEqualTo("newVisitors");
        assertScenes("nyc", "range=today", "newVisitors");
        assertThat(chartPoints()).isEqualTo(12);

        // back goes to the previous view
        driver.navigate().back();
        waitLoaded(-1);
        assertThat(driver.getCurrentUrl()).contains("app=shop").contains("range=today");
        assertScenes("shop", "range=today", "newVisitors");
    }

    @Test
    void theSourcesViewFollowsTheDimension() throws IOException {
        open("/?app=shop&range=30d");
        click("[data-view='sources']");
        assertThat(driver.getCurrentUrl()).contains("view=sources").contains("dim=source").contains("range=30d");
        assertThat(driver.findElement(By.id("dimension-picker")).isDisplayed()).isTrue();
        assertSources("shop", "range=30d", "opens", "source");
        click("[data-metric='visitors']");
        assertSources("shop", "range=30d", "visitors", "source");
        assertThat(driver.findElement(By.id("panel-title")).getText()).isEqualTo("utm_source Top 10（按访问用户数）");
        screenshot("target/dashboard-sources.png");
        for (String dim : List.of("medium", "campaign", "content", "term")) {
            select("#dimension", dim);
            assertThat(driver.getCurrentUrl()).contains("dim=" + dim);
            assertSources("shop", "range=30d", "visitors", dim);
            assertThat(driver.findElement(By.cssSelector("#top thead th.value")).getText()).isEqualTo("utm_" + dim);
        }
        driver.navigate().refresh();
        waitLoaded(-1);
        assertThat(new Select(driver.findElement(By.id("dimension"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("term");
        assertSources("shop", "range=30d", "visitors", "term");
        click("[data-range='yesterday']");
        assertSources("shop", "range=yesterday", "visitors", "term");
        assertThat(chartPoints()).isEqualTo(24);
    }

    @Test
    void aCustomRangeIsQueriedAsPicked() throws IOException {
        open("/?app=goa");
        click("[data-range='custom']", false);
        assertThat(driver.findElement(By.id("custom")).isDisplayed()).isTrue();
        setDate("from", "2026-02-20");
        setDate("to", "2026-03-09");
        click("#custom button[type='submit']");
        assertThat(driver.getCurrentUrl()).contains("range=custom").contains("from=2026-02-20").contains("to=2026-03-09");
        assertScenes("goa", "range=custom&from=2026-02-20&to=2026-03-09", "opens");
        assertThat(chartPoints()).isEqualTo(18);
        // a single day is shown per hour
        setDate("from", "2026-03-08");
        setDate("to", "2026-03-08");
        click("#custom button[type='submit']");
        assertScenes("goa", "range=custom&from=2026-03-08&to=2026-03-08", "opens");
        assertThat(chartPoints()).isEqualTo(24);
        driver.navigate().refresh();
        waitLoaded(-1);
        assertThat(driver.findElement(By.id("from")).getAttribute("value")).isEqualTo("2026-03-08");
        assertScenes("goa", "range=custom&from=2026-03-08&to=2026-03-08", "opens");
    }

    @Test
    void aBadRangeShowsTheServersMessageAndThePageStaysUsable() throws IOException {
        expectedConsoleErrors.add(Pattern.compile("status of 400"));
        open("/?app=shop&range=custom&from=2026-03-10&to=2026-03-01");
        assertThat(driver.findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("error");
        String message = node.get("/v1/apps/shop/scenes?range=custom&from=2026-03-10&to=2026-03-01").bodyAsJsonObject().getString("error");
        WebElement banner = driver.findElement(By.id("banner"));
        assertThat(banner.isDisplayed()).isTrue();
        assertThat(banner.getText()).contains("400").contains(message);
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isFalse();

        // more than 366 days
        setDate("from", "2024-01-01");
        setDate("to", "2026-03-01");
        click("#custom button[type='submit']");
        String tooLong = node.get("/v1/apps/shop/scenes?range=custom&from=2024-01-01&to=2026-03-01").bodyAsJsonObject().getString("error");
        assertThat(tooLong).isEqualTo("custom range spans 791 days; at most 366 are allowed");
        assertThat(banner.getText()).contains(tooLong);

        // the rest of the page still works
        click("[data-range='7d']");
        assertThat(banner.isDisplayed()).isFalse();
        assertScenes("shop", "range=7d", "opens");
    }

    @Test
    void aPrivateAppAsksForItsTokenAndSendsIt() throws IOException {
        expectedConsoleErrors.add(Pattern.compile("status of 401"));
        open("/?app=private");
        WebElement banner = driver.findElement(By.id("banner"));
        assertThat(banner.isDisplayed()).isTrue();
        assertThat(banner.getAttribute("data-status")).isEqualTo("401");
        assertThat(banner.getText()).contains("app 'private' needs a read token");
        WebElement input = driver.findElement(By.id("token-input"));
        assertThat(input.isDisplayed()).isTrue();

        input.sendKeys("wrong-token-0123456789");
        click("#token-form button[type='submit']");
        assertThat(banner.getText()).contains("the read token is not valid");

        driver.findElement(By.id("token-input")).sendKeys(PRIVATE_TOKEN);
        click("#token-form button[type='submit']");
        assertThat(banner.isDisplayed()).isFalse();
        assertThat(DashboardBrowserTest.<String>js("return localStorage.getItem('scenery.readToken')")).isEqualTo(PRIVATE_TOKEN);
        assertThat(driver.findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("empty");
        // a reload sends the stored token
        driver.navigate().refresh();
        waitLoaded(-1);
        assertThat(driver.findElement(By.id("banner")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("empty")).isDisplayed()).isTrue();
    }

    @Test
    void anAppWithoutDataShowsTheEmptyState() {
        open("/?app=empty&range=30d");
        assertThat(driver.findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("empty");
        assertThat(driver.findElement(By.id("empty")).getText()).isEqualTo("所选时间范围内没有数据");
        assertThat(driver.findElement(By.id("top")).isDisplayed()).isFalse();
    }

    @Test
    void englishWithLangEn() throws IOException {
        open("/?app=shop&lang=en&metric=visitors");
        assertThat(DashboardBrowserTest.<String>js("return document.documentElement.lang")).isEqualTo("en-US");
        assertThat(driver.findElement(By.cssSelector("[data-range='7d']")).getText()).isEqualTo("Last 7 days");
        assertThat(driver.findElement(By.cssSelector("[data-metric='opens']")).getText()).isEqualTo("Opens");
        assertThat(driver.findElement(By.id("panel-title")).getText()).isEqualTo("Top 10 entry scenes by Visitors");
        assertScenes("shop", "range=7d", "visitors");
        click("[data-range='30d']");
        assertThat(driver.getCurrentUrl()).contains("lang=en");
    }

    @Test
    void demoDataWithThousandsSeparatorsAndEstimates() throws IOException {
        open("/?app=demo&range=7d&metric=opens");
        assertScenes("demo", "range=7d", "opens");
        JsonObject answer = api("/v1/apps/demo/scenes?range=7d&metric=opens");
        assertThat(answer.getJsonObject("total").getLong("opens")).isGreaterThan(1000);
        List<String> total = js("return [...document.querySelectorAll('#top tfoot td')].map(td => td.innerText.trim())");
        assertThat(total.get(1)).isEqualTo(String.format(Locale.US, "%,d", answer.getJsonObject("total").getLong("opens")));
        if (!answer.getJsonObject("total").getBoolean("visitorsExact")) {
            assertThat(driver.findElement(By.id("meta-estimate")).getText()).isEqualTo("访问用户数超过 2,560 时为估算值，误差 ±2%");
            assertThat(total.get(2)).endsWith("±2%");
        }
        screenshot("target/dashboard-demo.png");
        click("[data-view='sources']");
        click("[data-metric='visitors']");
        assertSources("demo", "range=7d", "visitors", "source");
        screenshot("target/dashboard-demo-sources.png");
        click("[data-range='today']");
        assertSources("demo", "range=today", "visitors", "source");
        assertThat(chartPoints()).isEqualTo(24);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"zh", "en"})
    void aComparisonShowsTheChangeColumnAndThePreviousPeriodAsADashedLine(String language) throws IOException {
        String l = language.equals("en") ? "&lang=en" : "";
        open("/?app=shop&range=7d&metric=visitors" + l);
        // compare=week goes with a day: offered for today, not for 7 days
        assertThat(driver.findElement(By.cssSelector("#compare option[value='week']")).isEnabled()).isFalse();
        select("#compare", "previous");
        assertThat(driver.getCurrentUrl()).contains("compare=previous");
        assertCompared("scenes", "shop", "range=7d&metric=visitors&compare=previous", language);
        assertThat(driver.findElement(By.id("meta-compare")).getAttribute("data-from")).isEqualTo("2026-02-26");
        screenshot("target/dashboard-compare-" + language + ".png");

        // a row hides its line and its dashed line together
        List<WebElement> rows = driver.findElements(By.cssSelector("#top tbody tr"));
        rows.get(0).click();
        assertThat(DashboardBrowserTest.<List<Boolean>>js("const u = document.getElementById('chart')._uplot;"
                + " return [u.series[1].show, u.series[1 + (u.series.length - 1) / 2].show];")).containsExactly(false, false);
        assertThat(rows.get(0).findElement(By.cssSelector("button.line-toggle")).getAttribute("aria-pressed")).isEqualTo("false");

        // today against the same hours of yesterday, and against the same day a week earlier
        click("[data-range='today']");
        assertCompared("scenes", "shop", "range=today&metric=visitors&compare=previous", language);
        select("#compare", "week");
        assertThat(driver.getCurrentUrl()).contains("compare=week");
        assertCompared("scenes", "shop", "range=today&metric=visitors&compare=week", language);
        click("[data-view='groups']");
        assertCompared("groups", "shop", "range=today&metric=visitors&compare=week", language);
        click("[data-view='sources']");
        select("#dimension", "source_medium");
        assertCompared("sources", "shop", "range=today&metric=visitors&compare=week&dimension=source_medium", language);
        driver.navigate().refresh();
        waitLoaded(-1);
        assertCompared("sources", "shop", "range=today&metric=visitors&compare=week&dimension=source_medium", language);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"zh", "en"})
    void theGroupViewAndTheGroupFilterShowGroupNamesInThePagesLanguage(String language) throws IOException {
        String l = language.equals("en") ? "&lang=en" : "";
        open("/?app=shop&range=30d" + l);
        // the tabs: arrow keys move between them and select the one they reach; the panel is labelled by it
        int before = seq();
        driver.findElement(By.cssSelector("[data-view='scenes']")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        waitLoaded(before);
        assertThat(driver.getCurrentUrl()).contains("view=groups");
        assertThat(DashboardBrowserTest.<String>js("return document.activeElement.dataset.view")).isEqualTo("groups");
        assertThat(driver.findElement(By.id("panel")).getAttribute("aria-labelledby")).isEqualTo("tab-groups");
        assertThat(driver.findElement(By.id("tab-groups")).getAttribute("tabindex")).isEqualTo("0");
        assertThat(driver.findElement(By.id("tab-scenes")).getAttribute("tabindex")).isEqualTo("-1");
        assertGroups("shop", "range=30d&metric=opens");
        assertThat(driver.findElement(By.id("panel-title")).getText())
                .isEqualTo(language.equals("en") ? "Entry groups by Opens" : "入口分组（按打开次数）");
        screenshot("target/dashboard-groups-" + language + ".png");
        click("[data-metric='visitors']");
        assertGroups("shop", "range=30d&metric=visitors");

        // the scene table filtered to one group, named in the page's language
        click("[data-view='scenes']");
        select("#group", "share");
        assertThat(driver.getCurrentUrl()).contains("group=share");
        assertScenes("shop", "range=30d&group=share", "visitors");
        List<List<String>> rows = tableRows();
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.get(3)).isEqualTo(groupName("share")));
        assertThat(driver.findElement(By.id("panel-title")).getText()).startsWith(groupName("share"));
        assertThat(new Select(driver.findElement(By.id("group"))).getOptions().stream().map(WebElement::getText).toList())
                .contains(groupName("qrcode"), groupName("testing"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"zh", "en"})
    void testTrafficIsSetApartAndShownOnItsOwnAndEachTableExportsAsCsv(String language) throws IOException {
        String l = language.equals("en") ? "&lang=en" : "";
        open("/?app=shop&range=30d" + l);
        JsonObject answer = api("/v1/apps/shop/scenes?range=30d");
        WebElement note = driver.findElement(By.id("meta-test"));
        assertThat(answer.getJsonObject("setApart").getLong("opens")).isPositive();
        assertThat(note.getAttribute("data-opens")).isEqualTo(String.valueOf(answer.getJsonObject("setApart").getLong("opens")));
        assertThat(note.getText()).contains(num(answer.getJsonObject("setApart").getLong("opens")));
        click("#traffic");
        assertThat(driver.getCurrentUrl()).contains("traffic=test");
        assertScenes("shop", "range=30d&traffic=test", "opens");
        assertThat(tableRows().stream().map(r -> r.get(1)).toList()).containsAnyOf("1030", "1101", "1129", "1203");
        click("#traffic");

        // the export button downloads the table on screen as CSV, with the token and in the page's language
        for (String view : List.of("scenes", "groups")) {
            if (!view.equals("scenes")) {
                click("[data-view='" + view + "']");
            }
            driver.findElement(By.id("export")).click();
            new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("export")).getAttribute("data-exported").matches("[0-9]+"));
            String url = driver.findElement(By.id("export")).getAttribute("data-url");
            assertThat(url).contains("format=csv").contains("lang=" + language).contains("range=30d");
            List<List<String>> csv = CsvExportTest.csv(node, url);
            List<List<String>> rows = tableRows();
            assertThat(csv).hasSize(rows.size() + 3);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(csv.get(1 + i).get(1)).as("row " + i).isEqualTo(view.equals("scenes") ? rows.get(i).get(1) : rows.get(i).get(1));
                int opens = csv.get(0).indexOf(language.equals("en") ? "opens" : "打开次数");
                assertThat(num(Long.parseLong(csv.get(1 + i).get(opens)))).isEqualTo(rows.get(i).get(view.equals("scenes") ? 4 : 2));
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"zh", "en"})
    void labelsFollowThePageLanguageAndTheTextsHaveOnePlace(String language) throws IOException {
        open("/?app=shop" + (language.equals("en") ? "&lang=en" : ""));
        // every text comes from i18n.js: the page names keys and holds no text of its own; both languages have every key
        String html = node.get("/").bodyAsString();
        Matcher empty = Pattern.compile("data-i18n=\"[^\"]+\"[^>]*>([^<]*)<").matcher(html);
        int keys = 0;
        while (empty.find()) {
            keys++;
            assertThat(empty.group(1).trim()).as("text in index.html").isEmpty();
        }
        assertThat(keys).isGreaterThan(30);
        Map<String, List<String>> texts = js("return import('/assets/i18n.js').then(m => m.KEYS)");
        assertThat(texts.get("en")).containsExactlyInAnyOrderElementsOf(texts.get("zh"));
        List<String> used = js("return [...document.querySelectorAll('[data-i18n],[data-i18n-aria]')]"
                + ".map(e => e.dataset.i18n || e.dataset.i18nAria)");
        assertThat(texts.get("zh")).containsAll(used);
        // labels in the page's language: no English label over a Chinese page; controls named by their visible label
        List<String> labels = js("return [...document.querySelectorAll('[data-i18n-aria]')].map(e => e.getAttribute('aria-label'))");
        assertThat(labels).isNotEmpty();
        if (language.equals("zh")) {
            assertThat(labels).allSatisfy(a -> assertThat(a).containsPattern("[\\u4e00-\\u9fff]"));
        } else {
            assertThat(labels).noneSatisfy(a -> assertThat(a).containsPattern("[\\u4e00-\\u9fff]"));
        }
        assertThat(driver.findElement(By.id("app")).getAttribute("aria-label")).isNull();
        assertThat(driver.findElement(By.cssSelector(".ranges")).getAttribute("aria-label"))
                .isEqualTo(language.equals("en") ? "Range" : "时间范围");
        // tabs control a panel; toggles are buttons; no row claims to be pressed
        for (WebElement tab : driver.findElements(By.cssSelector("[role='tab']"))) {
            assertThat(driver.findElement(By.id(tab.getAttribute("aria-controls"))).getAttribute("role")).isEqualTo("tabpanel");
        }
        assertThat(driver.findElements(By.cssSelector("[role='tablist']"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("tr[aria-pressed], tr[tabindex]"))).isEmpty();
        List<WebElement> toggles = driver.findElements(By.cssSelector("#top tbody tr button.line-toggle[aria-pressed='true']"));
        assertThat(toggles).hasSize(driver.findElements(By.cssSelector("#top tbody tr")).size());
        toggles.get(2).sendKeys(org.openqa.selenium.Keys.ENTER);
        assertThat(lineShown(2)).isFalse();
        assertThat(toggles.get(2).getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(toggles.get(2).getAttribute("aria-label")).contains(tableRows().get(2).get(2))
                .startsWith(language.equals("en") ? "Show or hide the line of" : "显示或隐藏趋势线");
        // the group column names groups, never their keys
        for (List<String> row : tableRows()) {
            assertThat(row.get(3)).doesNotContainPattern("^[a-z_]+$");
        }
    }

    /** The table and chart with a comparison: the metric then, its change in percent (coloured), the rank change, dashed lines. */
    private void assertCompared(String view, String app, String query, String language) {
        JsonObject top = api("/v1/apps/" + app + "/" + view + "?" + query + "&limit=10");
        JsonObject trend = api("/v1/apps/" + app + "/" + view + "/trend?" + query + "&limit=10");
        String metric = top.getString("metric");
        List<String> head = js("return [...document.querySelectorAll('#top thead th')].map(th => th.innerText.trim())");
        assertThat(head).contains(language.equals("en") ? "Change" : "变化");
        List<List<String>> rows = tableRows();
        JsonArray items = top.getJsonArray("items");
        assertThat(rows).hasSize(items.size());
        List<String> classes = js("return [...document.querySelectorAll('#top tbody td.delta')].map(td => td.className)");
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            List<String> row = rows.get(i);
            int n = row.size();
            assertThat(row.get(n - 3)).as("the metric then, row " + i).isEqualTo(num(item.getJsonObject("previous").getLong(metric)));
            Double p = item.getJsonObject("changePercent").getDouble(metric);
            assertThat(row.get(n - 2)).as("change %, row " + i).isEqualTo(signed(p));
            assertThat(classes.get(i)).contains(p == null ? "none" : p > 0 ? "up" : p < 0 ? "down" : "flat");
            String rankChange = item.getBoolean("newInTop") ? (language.equals("en") ? "new" : "新上榜")
                    : item.getInteger("rankChange") > 0 ? "▲" + item.getInteger("rankChange")
                    : item.getInteger("rankChange") < 0 ? "▼" + (-item.getInteger("rankChange")) : "–";
            assertThat(row.get(n - 1)).as("rank change, row " + i).isEqualTo(rankChange);
        }
        List<String> foot = js("return [...document.querySelectorAll('#top tfoot td')].map(td => td.innerText.trim())");
        assertThat(foot.get(foot.size() - 2)).isEqualTo(signed(top.getJsonObject("compare").getJsonObject("changePercent").getDouble(metric)));
        // the chart: a solid line per row, then its period before dashed, in the same colour, point for point
        Map<String, Object> chart = js("""
                const u = document.getElementById('chart')._uplot;
                return {data: u.data, dash: u.series.slice(1).map(s => s.dash ? s.dash.join(',') : ''),
                        stroke: u.series.slice(1).map(s => String(s._stroke || s.stroke))};""");
        @SuppressWarnings("unchecked")
        List<List<Number>> data = (List<List<Number>>) chart.get("data");
        @SuppressWarnings("unchecked")
        List<String> dash = (List<String>) chart.get("dash");
        JsonArray series = trend.getJsonArray("series");
        int n = series.size();
        assertThat(data).hasSize(1 + 2 * n);
        for (int i = 0; i < n; i++) {
            List<Long> before = series.getJsonObject(i).getJsonObject("previous").getJsonArray(metric).stream()
                    .map(o -> ((Number) o).longValue()).toList();
            assertThat(data.get(1 + n + i).stream().map(Number::longValue).toList()).as("dashed line " + i).isEqualTo(before);
            assertThat(dash.get(i)).as("line " + i + " is solid").isEmpty();
            assertThat(dash.get(n + i)).as("its period before is dashed").isNotEmpty();
        }
    }

    private void assertGroups(String app, String query) {
        JsonObject top = api("/v1/apps/" + app + "/groups?" + query + "&limit=10");
        JsonObject trend = api("/v1/apps/" + app + "/groups/trend?" + query + "&limit=10");
        JsonArray items = top.getJsonArray("items");
        List<List<String>> rows = tableRows();
        assertThat(items).isNotEmpty();
        assertThat(rows).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            assertThat(rows.get(i)).containsExactly(String.valueOf(i + 1), english() ? item.getString("nameEn") : item.getString("name"),
                    num(item.getLong("opens")), visitors(item, top), num(item.getLong("newVisitors")), share(item.getDouble("share")));
        }
        assertChart(trend, top.getString("metric"), s -> groupName(s.getString("group")));
    }

    private static String signed(Double p) {
        if (p == null) {
            return "—";
        }
        return (p > 0 ? "+" : p < 0 ? "−" : "") + String.format(Locale.ROOT, "%.1f", Math.abs(p)) + "%";
    }

    @Test
    void theApiDocsRenderEveryOperation() throws IOException {
        OpenApiContractTest.load();
        int operations = OpenApiContractTest.operations().size();
        driver.get(base + "/docs");
        new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector(".opblock")).size() == operations);
        assertThat(driver.findElement(By.cssSelector(".info .title")).getText()).startsWith("Scenery");
        assertThat(driver.findElements(By.cssSelector(".opblock-summary-path")).stream().map(WebElement::getText).toList())
                .contains("/v1/apps/{appId}/scenes", "/v1/apps", "/v3/projects/{accountId}/collect", "/openapi.yaml");
    }

    // ---- checks ----

    /** The table shows exactly the API's top list, and the chart the API's trend of the metric. */
    private void assertScenes(String app, String range, String metric) {
        String query = range + "&metric=" + metric + "&limit=10";
        JsonObject top = api("/v1/apps/" + app + "/scenes?" + query);
        JsonObject trend = api("/v1/apps/" + app + "/scenes/trend?" + query);
        List<List<String>> rows = tableRows();
        JsonArray items = top.getJsonArray("items");
        assertThat(rows).as(app + " " + query).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            assertThat(rows.get(i)).as(app + " " + query + " row " + i).containsExactly(
                    String.valueOf(i + 1), String.valueOf(item.getInteger("code")),
                    item.getString("name") + (item.getBoolean("trialBuild") ? (english() ? "trial build" : "体验版") : ""),
                    groupName(item.getString("group")),
                    num(item.getLong("opens")), visitors(item, top), num(item.getLong("newVisitors")), share(item.getDouble("share")));
        }
        assertThat(driver.findElement(By.cssSelector("#top thead th.current")).getAttribute("class")).contains(metric);
        assertChart(trend, metric, s -> s.getInteger("code") + " " + s.getString("name"));
        assertThat(driver.findElement(By.id("meta-range")).getAttribute("data-from")).isEqualTo(top.getJsonObject("range").getString("from"));
        assertThat(driver.findElement(By.id("meta-range")).getAttribute("data-to")).isEqualTo(top.getJsonObject("range").getString("to"));
    }

    private void assertSources(String app, String range, String metric, String dim) {
        String query = range + "&metric=" + metric + "&limit=10&dimension=" + dim;
        JsonObject top = api("/v1/apps/" + app + "/sources?" + query);
        JsonObject trend = api("/v1/apps/" + app + "/sources/trend?" + query);
        List<List<String>> rows = tableRows();
        JsonArray items = top.getJsonArray("items");
        assertThat(items).as(app + " " + query + " has data").isNotEmpty();
        assertThat(rows).as(app + " " + query).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            assertThat(rows.get(i)).as(app + " " + query + " row " + i).containsExactly(
                    String.valueOf(i + 1), item.getString("value"),
                    num(item.getLong("opens")), visitors(item, top), num(item.getLong("newVisitors")), share(item.getDouble("share")));
        }
        assertChart(trend, metric, s -> s.getString("value"));
    }

    private void assertChart(JsonObject trend, String metric, java.util.function.Function<JsonObject, String> label) {
        Map<String, Object> chart = js("""
                const u = document.getElementById('chart')._uplot;
                return {data: u.data, labels: u.series.slice(1).map(s => s.label), points: document.getElementById('chart').dataset.points};
                """);
        @SuppressWarnings("unchecked")
        List<List<Number>> data = (List<List<Number>>) chart.get("data");
        JsonArray series = trend.getJsonArray("series");
        assertThat(data).hasSize(series.size() + 1);
        assertThat(data.get(0)).hasSize(trend.getJsonArray("buckets").size());
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            JsonObject s = series.getJsonObject(i);
            List<Long> want = s.getJsonArray(metric).stream().map(o -> ((Number) o).longValue()).toList();
            assertThat(data.get(i + 1).stream().map(Number::longValue).toList()).as("line " + i + " of " + metric).isEqualTo(want);
            labels.add(label.apply(s));
        }
        assertThat(chart.get("labels")).isEqualTo(labels);
    }

    private List<List<String>> tableRows() {
        return js("return [...document.querySelectorAll('#top tbody tr')].map(tr => [...tr.cells].map(td => td.innerText.trim()))");
    }

    private static String num(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    private static String share(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    private static String visitors(JsonObject figures, JsonObject answer) {
        String v = num(figures.getLong("visitors"));
        if (!figures.getBoolean("visitorsExact")) {
            double e = answer.getJsonObject("visitorsError").getDouble("maxRelativeError");
            double percent = Math.round(e * 1000) / 10.0; // as the page rounds it: 0.02 is "2%"
            v += "±" + (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent)) + "%";
        }
        return v;
    }

    private static JsonObject api(String uri) {
        return node.getJson(uri);
    }

    private boolean lineShown(int i) {
        return js("return document.getElementById('chart')._uplot.series[" + (i + 1) + "].show");
    }

    private int chartPoints() {
        return ((Number) js("return document.getElementById('chart')._uplot.data[0].length")).intValue();
    }

    private String pressed(String css) {
        return js("return document.querySelector(arguments[0] + '[aria-pressed=\"true\"]').dataset." + attr(css), css);
    }

    private String selected(String css) {
        return js("return document.querySelector(arguments[0] + '[aria-selected=\"true\"]').dataset." + attr(css), css);
    }

    /** A scene group's name as the page shows it: from the catalog, in the page's language. */
    private static String groupName(String key) {
        JsonObject g = api("/v1/scenes").getJsonArray("groups").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("group").equals(key)).findFirst().orElseThrow(() -> new AssertionError("no group " + key));
        return english() ? g.getString("nameEn") : g.getString("name");
    }

    private static boolean english() {
        return driver.getCurrentUrl().contains("lang=en");
    }

    private static String attr(String css) {
        return css.replaceAll("[\\[\\]]", "").replace("data-", "");
    }

    // ---- browser helpers ----

    private void open(String path) {
        driver.get(base + path);
        waitLoaded(-1);
    }

    private int seq() {
        return Integer.parseInt(driver.findElement(By.tagName("body")).getAttribute("data-seq"));
    }

    /** Waits until a load newer than {@code before} has finished (any finished load when -1). */
    private void waitLoaded(int before) {
        new WebDriverWait(driver, WAIT).until(d -> {
            Map<String, Object> s = js("return {state: document.body.dataset.state, seq: document.body.dataset.seq}");
            return !"loading".equals(s.get("state")) && Integer.parseInt((String) s.get("seq")) > Math.max(0, before);
        });
    }

    private void click(String css) {
        click(css, true);
    }

    private void click(String css, boolean loads) {
        int before = seq();
        driver.findElement(By.cssSelector(css)).click();
        if (loads) {
            waitLoaded(before);
        }
    }

    private void select(String css, String value) {
        int before = seq();
        new Select(driver.findElement(By.cssSelector(css))).selectByValue(value);
        waitLoaded(before);
    }

    private void setDate(String id, String value) {
        js("const el = document.getElementById(arguments[0]); el.value = arguments[1];"
                + " el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));", id, value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** A PNG of the whole page, not only the window. */
    private static void screenshot(String file) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = ((Number) size.get("height")).doubleValue();
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path out = Path.of(file);
        Files.createDirectories(out.getParent());
        Files.write(out, Base64.getDecoder().decode((String) shot.get("data")));
    }
}
