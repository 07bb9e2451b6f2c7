package dev.scenery.beacon;

import java.util.List;

/**
 * What {@link GrowingIoParser} made of one posted batch: the events it accepted and the ones it dropped.
 *
 * @param entries  the accepted events, in body order
 * @param rejected the dropped events, in body order, each with its index in the body and the reason
 */
public record GrowingIoBatch(List<Entry> entries, List<Rejected> rejected) {

    public GrowingIoBatch {
        entries = List.copyOf(entries);
        rejected = List.copyOf(rejected);
    }

    /** How many events the body held. */
    public int received() {
        return entries.size() + rejected.size();
    }

    /**
     * One accepted event.
     *
     * @param beacon       the event as Scenery sees it; GrowingIO events other than visit, page and custom
     *                     (close, click, user attributes, ...) become {@link BeaconType#CUSTOM}
     * @param eventType    the event type exactly as sent ("VISIT", "APP_CLOSED", "vst", "cls", ...)
     * @param domain       the mini-program appId the event names ({@code domain} / {@code d}), or null
     * @param dataSourceId the CDP data source id, or null (always null for SaaS)
     */
    public record Entry(Beacon beacon, String eventType, String domain, String dataSourceId) {
    }
}
