package dev.scenery.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenery.beacon.GrowingIoBatch.Entry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrowingIoParserTest {

    private static final int MAX = 500;
    private static final String AD = "tencent_ads";

    private static GrowingIoBatch cdp(String json) {
        return GrowingIoParser.parse(json, GrowingIoFormat.CDP, AD, MAX);
    }

    private static GrowingIoBatch saas(String json) {
        return GrowingIoParser.parse(json, GrowingIoFormat.SAAS, AD, MAX);
    }

    private static Beacon only(GrowingIoBatch batch) {
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.entries()).hasSize(1);
        return batch.entries().get(0).beacon();
    }

    @Test
    void parsesTheCompressedCdpFixture() throws IOException {
        String json = LzString.decompressFromUTF16(LzStringTest.resource("cdp-batch.lz16.txt"), 1_000_000);

        GrowingIoBatch batch = cdp(json);

        String d1 = "d7a1c0de-0001-4bcd-9f00-000000000001";
        String d2 = "d7a1c0de-0002-4bcd-9f00-000000000002";
        Utm weixinCpc = new Utm("微信", "cpc", null, null, null);
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.received()).isEqualTo(3);
        assertThat(batch.entries()).containsExactly(
                new Entry(new Beacon(BeaconType.VISIT, d1, "s-0001", 1717000000000L, 1047, weixinCpc,
                        "gio|VISIT|" + d1 + "|s-0001|1"), "VISIT", "wx0123456789abcdef", "a1b2c3d4e5f6a7b8"),
                new Entry(new Beacon(BeaconType.PAGE, d1, "s-0001", 1717000000150L, 1047, weixinCpc,
                        "gio|PAGE|" + d1 + "|s-0001|1"), "PAGE", "wx0123456789abcdef", "a1b2c3d4e5f6a7b8"),
                new Entry(new Beacon(BeaconType.VISIT, d2, "s-0002", 1717000001000L, 0, Utm.NONE,
                        "gio|VISIT|" + d2 + "|s-0002|3"), "VISIT", "wx0123456789abcdef", "a1b2c3d4e5f6a7b8"));
    }

    @Test
    void parsesSaasShortKeys() {
        String json = """
                [{"t":"vst","u":"u-1","s":"s-1","tm":1717000000000,"esid":11,"ch":"scn:1011","p":"pages/a/a",
                  "q":"x=1&utm_source=%E6%9C%8B%E5%8F%8B%E5%9C%88&utm_campaign=spring%20sale","d":"wxabc",
                  "av":"3.8.13","b":"MinP","cs1":"login-7","sh":844,"var":{"u":"not me"},"e":[{"x":"/a"}]},
                 {"t":"page","u":"u-1","s":"s-1","tm":1717000000100,"esid":12,"ch":"scn:NA","p":"pages/a/a","d":"wxabc"},
                 {"t":"cstm","u":"u-1","s":"s-1","tm":1717000000200,"esid":13,"n":"buy","var":{"price":3}},
                 {"t":"cls","u":"u-1","s":"s-1","tm":1717000000300,"esid":14}]
                """;

        GrowingIoBatch batch = saas(json);

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.entries()).extracting(Entry::eventType).containsExactly("vst", "page", "cstm", "cls");
        assertThat(batch.entries()).extracting(e -> e.beacon().type())
                .containsExactly(BeaconType.VISIT, BeaconType.PAGE, BeaconType.CUSTOM, BeaconType.CUSTOM);
        Entry visit = batch.entries().get(0);
        assertThat(visit.beacon()).isEqualTo(new Beacon(BeaconType.VISIT, "u-1", "s-1", 1717000000000L, 1011,
                new Utm("朋友圈", null, "spring sale", null, null), "gio|vst|u-1|s-1|11"));
        assertThat(visit.domain()).isEqualTo("wxabc");
        assertThat(visit.dataSourceId()).isNull();
        assertThat(batch.entries().get(1).beacon().scene()).isZero();
        assertThat(batch.entries().get(2).domain()).isNull();
    }

    @Test
    void cdpKeysMeanNothingInSaasAndViceVersa() {
        GrowingIoBatch batch = saas("[{\"eventType\":\"VISIT\",\"deviceId\":\"d\",\"sessionId\":\"s\",\"timestamp\":1}]");
        assertThat(batch.rejected()).containsExactly(new Rejected(0, RejectReason.MISSING_FIELD, "t is required"));

        batch = cdp("[{\"t\":\"vst\",\"u\":\"d\",\"s\":\"s\",\"tm\":1}]");
        assertThat(batch.rejected()).containsExactly(new Rejected(0, RejectReason.MISSING_FIELD, "eventType is required"));
    }

    @Test
    void sceneComesFromTheAppChannel() {
        assertThat(only(cdp(visit("\"appChannel\":\"scn:1047\""))).scene()).isEqualTo(1047);
        assertThat(only(cdp(visit("\"appChannel\":\"scn:NA\""))).scene()).isZero();
        assertThat(only(cdp(visit("\"appChannel\":\"scn:\""))).scene()).isZero();
        assertThat(only(cdp(visit("\"appChannel\":\"scn:10x7\""))).scene()).isZero();
        assertThat(only(cdp(visit("\"appChannel\":\"scn:99999999999\""))).scene()).isZero();
        assertThat(only(cdp(visit("\"appChannel\":null"))).scene()).isZero();
        assertThat(only(cdp(visit(null))).scene()).isZero();
    }

    @Test
    void utmComesFromTheLaunchQuery() {
        assertThat(only(cdp(visit(null))).utm()).isEqualTo(Utm.NONE);
        assertThat(only(cdp(visit("\"query\":\"\""))).utm()).isEqualTo(Utm.NONE);
        assertThat(only(cdp(visit("\"query\":\"utm_source=%E5%BE%AE%E4%BF%A1&utm_medium=cpc&utm_term=%E9%9E%8B\"")))
                .utm()).isEqualTo(new Utm("微信", "cpc", null, null, "鞋"));
        assertThat(only(cdp(visit("\"query\":\"id=3&gdt_vid=wx0abc&weixinadinfo=123.456\""))).utm())
                .isEqualTo(new Utm(AD, null, null, null, null));
        assertThat(only(cdp(visit("\"query\":\"utm_source=kol&gdt_vid=wx0abc\""))).utm().source()).isEqualTo("kol");
        assertThat(only(GrowingIoParser.parse(visit("\"query\":\"gdt_vid=wx0abc\""), GrowingIoFormat.CDP, null, MAX))
                .utm()).isEqualTo(Utm.NONE);
    }

    @Test
    void ignoresUnknownFieldsWhateverTheirType() {
        String json = visit("""
                "attributes":{"deviceId":"evil","eventType":"PAGE","timestamp":"x","deep":{"a":[{"b":[1,2,{"c":null}]}]}},
                "element":[{"xpath":"/a","index":1}],"screenHeight":844,"latitude":39.9,"gioId":null,"flag":true,
                "userId":"login-1","path":"pages/index/index","globalSequenceId":99,"sdkVersion":"3.8.14"
                """);

        Beacon beacon = only(cdp(json));

        assertThat(beacon).isEqualTo(new Beacon(BeaconType.VISIT, "dev-1", "ses-1", 1717000000000L, 0, Utm.NONE,
                "gio|VISIT|dev-1|ses-1|5"));
    }

    @Test
    void otherCdpEventsAreCustomAndNotVisits() {
        GrowingIoBatch batch = cdp("""
                [{"eventType":"APP_CLOSED","deviceId":"d","sessionId":"s","timestamp":5,"eventSequenceId":2},
                 {"eventType":"LOGIN_USER_ATTRIBUTES","deviceId":"d","timestamp":6,"attributes":{"vip":"1"}},
                 {"eventType":"VIEW_CLICK","deviceId":"d","sessionId":"s","timestamp":7,"xpath":"/p/button"},
                 {"eventType":"CUSTOM","deviceId":"d","sessionId":"s","timestamp":8,"eventName":"buy"}]
                """);

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.entries()).extracting(Entry::eventType)
                .containsExactly("APP_CLOSED", "LOGIN_USER_ATTRIBUTES", "VIEW_CLICK", "CUSTOM");
        assertThat(batch.entries()).allSatisfy(e -> {
            assertThat(e.beacon().type()).isEqualTo(BeaconType.CUSTOM);
            assertThat(e.beacon().isVisit()).isFalse();
        });
        assertThat(batch.entries().get(1).beacon().sid()).isNull();
        assertThat(batch.entries().get(1).beacon().dedupeId()).isNull();
        assertThat(batch.entries().get(0).beacon().dedupeId()).isEqualTo("gio|APP_CLOSED|d|s|2");
    }

    @Test
    void sequenceIdMayBeAStringAndTimestampADigitString() {
        Beacon beacon = only(cdp("[{\"eventType\":\"PAGE\",\"deviceId\":\"d\",\"timestamp\":\"1717000000000\","
                + "\"eventSequenceId\":\"a-7\"}]"));

        assertThat(beacon.ts()).isEqualTo(1717000000000L);
        assertThat(beacon.sid()).isNull();
        assertThat(beacon.dedupeId()).isEqualTo("gio|PAGE|d||a-7");
    }

    @Test
    void rejectsBadEventsOneByOne() {
        // Each event breaks one rule; the valid ones (0 and 10) are kept.
        String longId = "x".repeat(129);
        String json = "[" + String.join(",",
                ev("VISIT", "\"d0\"", "\"s\"", "1"),
                "42",
                ev("VISIT", null, "\"s\"", "1"),
                ev("VISIT", "\"d3\"", null, "1"),
                ev("VISIT", "\"d4\"", "\"s\"", "\"abc\""),
                ev("VISIT", "\"d5\"", "\"s\"", null),
                ev("VISIT", "\"" + longId + "\"", "\"s\"", "1"),
                ev("VISIT", "123", "\"s\"", "1"),
                "{\"deviceId\":\"d8\",\"sessionId\":\"s\",\"timestamp\":1}",
                "[]",
                ev("PAGE", "\"d10\"", null, "1"),
                ev("VISIT", "\"d11\"", "\"s\"", "-5"),
                ev("VISIT", "\"d12\"", "\"s\"", "1.5"),
                ev("VISIT", "\"  \"", "\"s\"", "1"),
                ev("VISIT", "\"d14\"", "\" \"", "1"),
                ev("VISIT", "\"d15\"", "{\"id\":1}", "1"),
                ev("VISIT", "\"d16\"", "\"s\"", "99999999999999999999999"),
                "null",
                ev("VISIT", "\"d18\"", "\"s\"", "1").replace("}", ",\"query\":\"" + "q".repeat(4097) + "\"}"))
                + "]";

        GrowingIoBatch batch = cdp(json);

        assertThat(batch.entries()).extracting(e -> e.beacon().uid()).containsExactly("d0", "d10");
        assertThat(batch.rejected()).containsExactly(
                new Rejected(1, RejectReason.NOT_OBJECT, "event must be a JSON object"),
                new Rejected(2, RejectReason.MISSING_FIELD, "deviceId is required"),
                new Rejected(3, RejectReason.MISSING_FIELD, "sessionId is required for a visit"),
                new Rejected(4, RejectReason.BAD_TS, "timestamp must be a positive integer (epoch milliseconds)"),
                new Rejected(5, RejectReason.MISSING_FIELD, "timestamp is required"),
                new Rejected(6, RejectReason.TOO_LONG, "deviceId is longer than 128 characters"),
                new Rejected(7, RejectReason.BAD_TYPE, "deviceId must be a string"),
                new Rejected(8, RejectReason.MISSING_FIELD, "eventType is required"),
                new Rejected(9, RejectReason.NOT_OBJECT, "event must be a JSON object"),
                new Rejected(11, RejectReason.BAD_TS, "timestamp must be a positive integer (epoch milliseconds)"),
                new Rejected(12, RejectReason.BAD_TS, "timestamp must be a positive integer (epoch milliseconds)"),
                new Rejected(13, RejectReason.MISSING_FIELD, "deviceId is required"),
                new Rejected(14, RejectReason.MISSING_FIELD, "sessionId is required for a visit"),
                new Rejected(15, RejectReason.BAD_TYPE, "sessionId must be a string"),
                new Rejected(16, RejectReason.BAD_TS, "timestamp must be a positive integer (epoch milliseconds)"),
                new Rejected(17, RejectReason.NOT_OBJECT, "event must be a JSON object"),
                new Rejected(18, RejectReason.TOO_LONG, "query is longer than 4096 characters"));
        assertThat(batch.received()).isEqualTo(19);
    }

    @Test
    void saasReasonsUseSaasKeys() {
        GrowingIoBatch batch = saas("[{\"t\":\"vst\",\"s\":\"s\",\"tm\":1},{\"t\":\"vst\",\"u\":\"u\",\"tm\":1}]");

        assertThat(batch.rejected()).containsExactly(
                new Rejected(0, RejectReason.MISSING_FIELD, "u is required"), new Rejected(1, RejectReason.MISSING_FIELD, "s is required for a visit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{}", "{\"events\":[]}", "\"[]\"", "42", "null", "not json", "[1,2",
        "[{\"eventType\":\"VISIT\"", "[{}] []", "[{}],", "[{\"a\":1,}]"})
    void refusesABodyThatIsNotAJsonArray(String body) {
        assertThatThrownBy(() -> cdp(body))
                .isInstanceOfSatisfying(BadBatchException.class, LzStringTest::isMalformed)
                .hasMessageContaining("JSON");
    }

    @Test
    void refusesAbsurdNesting() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThatThrownBy(() -> cdp("[{\"a\":" + deep + "}]"))
                .isInstanceOfSatisfying(BadBatchException.class, LzStringTest::isMalformed)
                .hasMessageContaining("JSON limit");
    }

    @Test
    void refusesAnEmptyArrayLikeNativeBatches() {
        assertThatThrownBy(() -> cdp(" [ ] "))
                .isInstanceOfSatisfying(BadBatchException.class, LzStringTest::isMalformed)
                .hasMessageContaining("batch is empty");
    }

    @Test
    void parsesUtf8Bytes() {
        byte[] body = visit("\"query\":\"utm_source=%E5%BE%AE%E4%BF%A1\",\"title\":\"首页\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        GrowingIoBatch batch = GrowingIoParser.parse(body, body.length, GrowingIoFormat.CDP, AD, MAX);

        assertThat(only(batch).utm().source()).isEqualTo("微信");
    }

    @Test
    void cutsLongUtmValuesLikeNativeBeacons() {
        Beacon beacon = only(cdp(visit("\"query\":\"utm_source=" + "s".repeat(300) + "&utm_medium=cpc\"")));

        assertThat(beacon.utm().source()).hasSize(BeaconLimits.MAX_UTM_VALUE);
        assertThat(beacon.utm().medium()).isEqualTo("cpc");
    }

    @Test
    void refusesTooManyEvents() {
        String three = "[" + String.join(",", List.of(ev("PAGE", "\"a\"", null, "1"), ev("PAGE", "\"b\"", null, "1"),
                "{}")) + "]";

        assertThat(GrowingIoParser.parse(three, GrowingIoFormat.CDP, null, 3).received()).isEqualTo(3);
        assertThatThrownBy(() -> GrowingIoParser.parse(three, GrowingIoFormat.CDP, null, 2))
                .isInstanceOfSatisfying(BadBatchException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessageContaining("more than 2 events");
    }

    /** A CDP visit of dev-1 / ses-1 with extra fields (raw JSON members) or none. */
    private static String visit(String extra) {
        return "[{\"eventType\":\"VISIT\",\"deviceId\":\"dev-1\",\"sessionId\":\"ses-1\",\"timestamp\":1717000000000,"
                + "\"eventSequenceId\":5" + (extra == null ? "" : "," + extra) + "}]";
    }

    /** A CDP event; each value is raw JSON, or null to leave the field out. */
    private static String ev(String type, String deviceId, String sessionId, String timestamp) {
        StringBuilder json = new StringBuilder("{\"eventType\":\"").append(type).append('"');
        if (deviceId != null) {
            json.append(",\"deviceId\":").append(deviceId);
        }
        if (sessionId != null) {
            json.append(",\"sessionId\":").append(sessionId);
        }
        if (timestamp != null) {
            json.append(",\"timestamp\":").append(timestamp);
        }
        return json.append('}').toString();
    }
}
