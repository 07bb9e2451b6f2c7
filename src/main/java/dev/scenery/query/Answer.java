package dev.scenery.query;

/** Figures read for one question, with where they came from. */
public record Answer<T>(T figures, Provenance provenance) {
}
