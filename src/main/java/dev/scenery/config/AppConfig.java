package dev.scenery.config;

import java.time.ZoneId;

/**
 * One mini-program whose figures Scenery keeps.
 *
 * @param id       the app id used in every route
 * @param name     a human name for dashboards
 * @param zone     the time zone its days and hours are counted in
 */
public record AppConfig(String id, String name, ZoneId zone) {
}
