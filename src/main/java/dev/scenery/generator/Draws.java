package dev.scenery.generator;

import java.util.Arrays;
import java.util.Random;

/**
 * The random draws every beacon generator makes (the demo data, the tests' data sets, the load kit
 * and the bench): an index by integer weights, and by a Zipf distribution. One copy, so that the
 * generators skew scenes and sources the same way, and so that the same seed gives the same data
 * whichever of them draws. Plain Java: the load kit and the bench compile this package from here.
 */
public final class Draws {
    private Draws() {
    }

    /** An index of {@code weights}, each with probability weight / sum (one {@code nextInt} of the sum). */
    public static int weighted(Random rnd, int[] weights) {
        int sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int r = rnd.nextInt(sum);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** The weights of a Zipf law over ranks 0..k-1: rank r has weight 1/(r+1)^s. */
    public static double[] zipf(int k, double s) {
        double[] weights = new double[k];
        for (int r = 0; r < k; r++) {
            weights[r] = 1 / Math.pow(r + 1, s);
        }
        return weights;
    }

    /** The cumulative distribution of a Zipf law over ranks 0..k-1 (see {@link #zipf}). */
    public static double[] zipfCdf(int k, double s) {
        return cdf(zipf(k, s));
    }

    /** The cumulative distribution of relative {@code weights}: rank r has weight[r] / sum. */
    public static double[] cdf(double[] weights) {
        double[] cdf = new double[weights.length];
        double sum = 0;
        for (int r = 0; r < weights.length; r++) {
            sum += weights[r];
            cdf[r] = sum;
        }
        for (int r = 0; r < weights.length; r++) {
            cdf[r] /= sum;
        }
        return cdf;
    }

    /** The rank a uniform draw {@code u} in [0, 1) falls on: the first with {@code u <= cdf[rank]}. */
    public static int rank(double[] cdf, double u) {
        int i = Arrays.binarySearch(cdf, u);
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }
}
