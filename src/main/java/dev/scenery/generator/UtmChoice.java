package dev.scenery.generator;

import dev.scenery.beacon.Utm;
import java.util.ArrayList;
import java.util.List;

/**
 * A combination of promotion values a profile's visits carry, how often (relative to the other
 * combinations), whether it arrives as a Tencent ad click, and the scenes it comes with (empty: the
 * visit's own scene), so that, say, posters arrive through the QR-code scenes.
 */
public record UtmChoice(Utm utm, double weight, boolean adClick, int... scenes) {

    public static UtmChoice of(double weight, String source, String medium, String campaign, String content, String term) {
        return new UtmChoice(new Utm(source, medium, campaign, content, term), weight, false);
    }

    /** This combination, coming only with the given scenes. */
    public UtmChoice withScenes(int... onlyScenes) {
        return new UtmChoice(utm, weight, adClick, onlyScenes);
    }

    /**
     * Every combination of the given values per dimension (source, medium, campaign, content, term),
     * where dimension d is present with probability {@code presence[d]} and its values are equally
     * likely; the weight of a combination is the probability of drawing it that way.
     */
    public static List<UtmChoice> cross(String[][] values, double[] presence) {
        List<String[]> partial = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        partial.add(new String[0]);
        weights.add(1.0);
        for (int d = 0; d < values.length; d++) {
            List<String[]> next = new ArrayList<>();
            List<Double> nextWeights = new ArrayList<>();
            for (int i = 0; i < partial.size(); i++) {
                if (presence[d] < 1) {
                    next.add(append(partial.get(i), null));
                    nextWeights.add(weights.get(i) * (1 - presence[d]));
                }
                for (String v : values[d]) {
                    next.add(append(partial.get(i), v));
                    nextWeights.add(weights.get(i) * presence[d] / values[d].length);
                }
            }
            partial = next;
            weights = nextWeights;
        }
        List<UtmChoice> out = new ArrayList<>(partial.size());
        for (int i = 0; i < partial.size(); i++) {
            String[] v = java.util.Arrays.copyOf(partial.get(i), 5);
            out.add(new UtmChoice(new Utm(v[0], v[1], v[2], v[3], v[4]), weights.get(i), false));
        }
        return out;
    }

    private static String[] append(String[] values, String value) {
        String[] out = java.util.Arrays.copyOf(values, values.length + 1);
        out[values.length] = value;
        return out;
    }
}
