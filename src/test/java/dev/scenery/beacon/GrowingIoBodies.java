package dev.scenery.beacon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.scenery.beacon.GrowingIoFormat.Field;
import dev.scenery.generator.Visit;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds GrowingIO collect bodies from beacons, as the mini-program SDK would post them; for tests and the
 * load kit. Each beacon becomes one event with its type, uid, sid, ts, scene ({@code scn:NA} for 0) and UTM
 * values (as a {@code utm_*} launch query). The beacon's dedupeId, when set, is sent as the event sequence id,
 * so after parsing the dedupe id is {@code gio|<type>|<uid>|<sid>|<beacon dedupeId>}; without it none is sent.
 * Generated visits ({@link dev.scenery.generator.VisitGenerator}) become beacons through {@link #beacons}.
 */
public final class GrowingIoBodies {

    private static final JsonFactory JSON = new JsonFactory();

    private GrowingIoBodies() {
    }

    /**
     * Renders beacons as a JSON array of events.
     *
     * @param beacons      the events
     * @param format       the key layout
     * @param domain       the mini-program appId to put in every event, or null
     * @param dataSourceId the CDP data source id, or null; SaaS events have none
     */
    public static String render(List<Beacon> beacons, GrowingIoFormat format, String domain, String dataSourceId) {
        StringWriter out = new StringWriter(beacons.size() * 200 + 2);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (Beacon beacon : beacons) {
                writeEvent(g, beacon, format, domain, dataSourceId);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Renders beacons like {@link #render} and compresses the result as the CDP SDK does ({@code compress=1}). */
    public static String renderCompressed(List<Beacon> beacons, GrowingIoFormat format, String domain,
                                          String dataSourceId) {
        return LzStringEncoder.compressToUTF16(render(beacons, format, domain, dataSourceId));
    }

    /**
     * The beacons of generated visits, as the SDK would report them: each visit, then its follow-ups
     * as page and custom events {@link Visit#FOLLOW_UP_GAP} apart (the native renderer's order). The SDK
     * has no launch-query shapes: every visit carries its UTM values as {@code utm_*} parameters.
     */
    public static List<Beacon> beacons(List<Visit> visits) {
        List<Beacon> out = new ArrayList<>(visits.size());
        for (Visit v : visits) {
            out.add(new Beacon(BeaconType.VISIT, v.uid(), v.sid(), v.ts(), v.scene(), v.utm(), v.eventId()));
            for (int k = 0; k < v.followUps(); k++) {
                out.add(new Beacon(k % 2 == 0 ? BeaconType.PAGE : BeaconType.CUSTOM, v.uid(), v.sid(),
                        v.followUpTs(k), v.scene(), Utm.NONE, v.followUpId(k)));
            }
        }
        return out;
    }

    private static void writeEvent(JsonGenerator g, Beacon b, GrowingIoFormat f, String domain, String dataSourceId)
            throws IOException {
        g.writeStartObject();
        g.writeStringField(f.key(Field.EVENT_TYPE), f.typeName(b.type()));
        g.writeStringField(f.key(Field.DEVICE_ID), b.uid());
        if (b.sid() != null) {
            g.writeStringField(f.key(Field.SESSION_ID), b.sid());
        }
        g.writeNumberField(f.key(Field.TIMESTAMP), b.ts());
        if (b.dedupeId() != null) {
            g.writeStringField(f.key(Field.SEQUENCE_ID), b.dedupeId());
        }
        if (domain != null) {
            g.writeStringField(f.key(Field.DOMAIN), domain);
        }
        if (dataSourceId != null && f.key(Field.DATA_SOURCE_ID) != null) {
            g.writeStringField(f.key(Field.DATA_SOURCE_ID), dataSourceId);
        }
        g.writeStringField(f.key(Field.CHANNEL), "scn:" + (b.scene() == 0 ? "NA" : Integer.toString(b.scene())));
        String query = queryOf(b.utm());
        if (!query.isEmpty()) {
            g.writeStringField(f.key(Field.QUERY), query);
        }
        g.writeEndObject();
    }

    /** The launch query carrying a Utm's values, "" when it has none. */
    static String queryOf(Utm utm) {
        StringBuilder query = new StringBuilder();
        for (UtmDimension d : UtmDimension.all()) {
            String value = utm.get(d);
            if (value != null) {
                query.append(query.length() == 0 ? "" : "&").append(d.queryParameter()).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }
}
