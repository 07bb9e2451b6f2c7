package dev.scenery.beacon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a native batch body ({@code [ {"type":"visit","uid":...}, ... ]}) into validated
 * {@link Beacon}s without building a JSON tree. A bad beacon is rejected on its own; a body that
 * is not a JSON array of objects fails as a whole with {@link BadBatchException}.
 */
public final class NativeBatchParser {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private final int maxBatch;
    private final String adSource;

    /**
     * @param maxBatch most beacons in one body
     * @param adSource UTM source for Tencent ad clicks found in a launch query without utm_source
     */
    public NativeBatchParser(int maxBatch, String adSource) {
        this.maxBatch = maxBatch;
        this.adSource = adSource;
    }

    public ParsedBatch parse(byte[] body, int length) {
        List<Beacon> beacons = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>(0);
        try (JsonParser p = JSON.createParser(body, 0, length)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw BadBatchException.malformed("body must be a JSON array of beacons");
            }
            int index = 0;
            BeaconFields fields = new BeaconFields();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
                if (t == null) {
                    throw BadBatchException.malformed("body ends before the JSON array is closed");
                }
                if (index >= maxBatch) {
                    throw BadBatchException.tooLarge("batch has more than " + maxBatch + " beacons");
                }
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    rejected.add(new Rejected(index, RejectReason.NOT_OBJECT, "beacon must be a JSON object"));
                    continue;
                }
                fields.reset();
                readObject(p, fields);
                fields.validate(); // keeps a problem found while reading, if any
                if (fields.error != null) {
                    rejected.add(new Rejected(index, fields.reason, fields.error));
                } else {
                    beacons.add(fields.toBeacon(adSource));
                }
            }
            if (index == 0) {
                throw BadBatchException.malformed("batch is empty: send 1 to " + maxBatch + " beacons");
            }
            if (p.nextToken() != null) {
                throw BadBatchException.malformed("body has data after the JSON array");
            }
        } catch (StreamConstraintsException e) {
            throw BadBatchException.malformed("body exceeds a JSON limit: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw BadBatchException.malformed("body is not valid JSON: " + firstLine(e.getMessage()));
        }
        return new ParsedBatch(beacons, rejected);
    }

    private static void readObject(JsonParser p, BeaconFields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "type" -> f.type = text(p, v, f, "type");
                case "uid" -> f.uid = text(p, v, f, "uid");
                case "sid" -> f.sid = text(p, v, f, "sid");
                case "id" -> f.id = text(p, v, f, "id");
                case "path" -> f.path = text(p, v, f, "path");
                case "ts" -> {
                    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        f.ts = p.getLongValue();
                        f.hasTs = true;
                    } else {
                        f.fail(RejectReason.BAD_TS, "ts must be an integer (epoch milliseconds)");
                        p.skipChildren();
                    }
                }
                case "scene" -> {
                    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                        f.scene = p.getIntValue();
                    } else if (v == JsonToken.VALUE_NULL) {
                        f.scene = 0;
                    } else {
                        f.fail(RejectReason.BAD_SCENE, "scene must be an integer scene value");
                        p.skipChildren();
                    }
                }
                case "query" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        f.query = p.getText();
                    } else if (v == JsonToken.START_OBJECT) {
                        readStringObject(p, f, "query", f.queryValues, true);
                        f.queryIsObject = true;
                    } else if (v != JsonToken.VALUE_NULL) {
                        f.fail(RejectReason.BAD_QUERY, "query must be a string or an object of strings");
                        p.skipChildren();
                    }
                }
                case "utm" -> {
                    if (v == JsonToken.START_OBJECT) {
                        readStringObject(p, f, "utm", f.utmValues, false);
                        f.hasUtm = true;
                    } else if (v != JsonToken.VALUE_NULL) {
                        f.fail(RejectReason.BAD_UTM, "utm must be an object");
                        p.skipChildren();
                    }
                }
                case "test" -> {
                    if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                        f.test = v == JsonToken.VALUE_TRUE;
                    } else if (v != JsonToken.VALUE_NULL) {
                        f.fail(RejectReason.BAD_TYPE, "test must be true or false");
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /** Reads {"source": "...", ...} (utm) or any {"k":"v"} (query, keeping utm_* only). */
    private static void readStringObject(JsonParser p, BeaconFields f, String field, String[] into, boolean queryKeys)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            String dimName = queryKeys ? (key.startsWith("utm_") ? key.substring(4) : null) : key;
            UtmDimension d = dimName == null ? null : UtmDimension.ofWireName(dimName);
            if (queryKeys && d == null && LaunchQuery.TENCENT_AD_CLICK_IDS.contains(key) && v == JsonToken.VALUE_STRING
                    && !p.getText().isEmpty()) {
                f.queryAdClick = true;
            }
            if (v == JsonToken.VALUE_STRING) {
                if (d != null) {
                    into[d.ordinal()] = p.getText();
                }
            } else if (v == JsonToken.VALUE_NULL) {
                // an absent value
            } else if (v.isScalarValue() && queryKeys) {
                if (d != null) {
                    into[d.ordinal()] = p.getText();
                }
            } else {
                f.fail(queryKeys ? RejectReason.BAD_QUERY : RejectReason.BAD_UTM, field + "." + key + " must be a string");
                p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p, JsonToken v, BeaconFields f, String field) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v != JsonToken.VALUE_NULL) {
            f.fail(RejectReason.BAD_TYPE, field + " must be a string");
            p.skipChildren();
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
