package dev.scenery.beacon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the JSON array a GrowingIO mini-program SDK posts into {@link Beacon}s, streaming, without a JSON tree.
 * Only the fields Scenery needs are read (type, device id, session id, timestamp, sequence id, appId, data source,
 * channel = scene, launch query = UTM); all others, objects and arrays included, are skipped.
 *
 * <p>A bad event is dropped on its own with a reason. A body that cannot be taken as a whole throws
 * {@link BadBatchException}: malformed (HTTP 400) when it is not a non-empty JSON array, too large (HTTP 413)
 * when it holds more than {@code maxEvents} events.
 */
public final class GrowingIoParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private GrowingIoParser() {
    }

    /**
     * Parses one batch held as text (e.g. the output of {@link LzString#decompressFromUTF16}).
     *
     * @param json      the body
     * @param format    which key layout the body uses
     * @param adSource  the UTM source for Tencent ad clicks without utm_source (see {@link LaunchQuery}), or null
     * @param maxEvents the most events a batch may hold
     * @return the accepted events and the rejected ones
     * @throws BadBatchException when the body is not a non-empty JSON array or holds more than maxEvents events
     */
    public static GrowingIoBatch parse(String json, GrowingIoFormat format, String adSource, int maxEvents) {
        if (json == null) {
            throw BadBatchException.malformed("body is empty; expected a JSON array of events");
        }
        try (JsonParser p = JSON.createParser(json)) {
            return parse(p, format, adSource, maxEvents);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /** Parses one batch held as UTF-8 bytes (an uncompressed body); otherwise like {@link #parse(String, GrowingIoFormat, String, int)}. */
    public static GrowingIoBatch parse(byte[] body, int length, GrowingIoFormat format, String adSource, int maxEvents) {
        try (JsonParser p = JSON.createParser(body, 0, length)) {
            return parse(p, format, adSource, maxEvents);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    private static GrowingIoBatch parse(JsonParser p, GrowingIoFormat format, String adSource, int maxEvents)
            throws IOException {
        Objects.requireNonNull(format, "format");
        if (p.nextToken() != JsonToken.START_ARRAY) {
            throw BadBatchException.malformed("body must be a JSON array of events");
        }
        List<GrowingIoBatch.Entry> entries = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>(0);
        int index = 0;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken(), index++) {
            if (token == null) {
                throw BadBatchException.malformed("body ends before the JSON array is closed");
            }
            if (index >= maxEvents) {
                throw BadBatchException.tooLarge("batch has more than " + maxEvents + " events");
            }
            if (token != JsonToken.START_OBJECT) {
                p.skipChildren();
                rejected.add(new Rejected(index, RejectReason.NOT_OBJECT, "event must be a JSON object"));
                continue;
            }
            GrowingIoEvent event = GrowingIoEvent.read(p, format);
            String problem = event.problem();
            if (problem == null) {
                entries.add(event.toEntry(adSource));
            } else {
                rejected.add(new Rejected(index, event.reason(), problem));
            }
        }
        if (index == 0) {
            throw BadBatchException.malformed("batch is empty: send 1 to " + maxEvents + " events");
        }
        if (p.nextToken() != null) {
            throw BadBatchException.malformed("body has data after the JSON array");
        }
        return new GrowingIoBatch(entries, rejected);
    }

    private static BadBatchException invalid(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return BadBatchException.malformed((e instanceof StreamConstraintsException
                ? "body exceeds a JSON limit: " : "body is not valid JSON: ") + message);
    }
}
