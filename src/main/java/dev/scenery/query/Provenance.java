package dev.scenery.query;

/**
 * Where one answer's figures came from, carried with the figures (not kept by the reader, which
 * serves many questions at once).
 *
 * @param source    {@code embedded}, {@code postgres}, or {@code local} (PostgreSQL did not answer)
 * @param partial   true when the figures may lack data because PostgreSQL could not be read (they
 *                  hold only this node's)
 * @param freshAsOf epoch millis of the newest data the figures include
 */
public record Provenance(String source, boolean partial, long freshAsOf) {

    public static Provenance embedded(long now) {
        return new Provenance("embedded", false, now);
    }

    /** The provenance of an answer made of this one's figures and {@code other}'s. */
    Provenance and(Provenance other) {
        boolean anyPartial = partial || other.partial;
        return new Provenance(anyPartial ? "local" : source, anyPartial, Math.min(freshAsOf, other.freshAsOf));
    }
}
