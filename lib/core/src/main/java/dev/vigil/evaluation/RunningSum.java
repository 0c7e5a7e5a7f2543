package dev.vigil.evaluation;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A mutable, exact sum of doubles (a "superaccumulator"): every double is added as an integer multiple of 2^-1074
 * into 32-bit limbs held in longs, so the total never rounds and the order of additions does not matter.
 *
 * <p>Only the limbs a sum actually touches are allocated (a sliding window), so a sum of weights near 1 costs a few
 * dozen bytes. Infinite or NaN terms are carried beside the finite part with ordinary double arithmetic.
 *
 * <p>A term is first added, as its signed 53-bit significand, to one long per binary exponent (again a sliding
 * window, over the exponents the terms have had): one integer addition per term, where placing it into the limbs
 * takes a shift, three additions and the window's checks. Up to {@value #BINNED_PER_FLUSH} significands fit in a
 * long without overflow, so every {@value #BINNED_PER_FLUSH} terms (and before any reading) each exponent's long is
 * moved into the limbs exactly, and the order of additions still does not matter.
 */
public final class RunningSum {
    private static final long MASK = 0xFFFF_FFFFL;
    /** Limbs may absorb this many additions before carries must be propagated (each adds less than 2^32). */
    private static final int NORMALISE_EVERY = 1 << 30;
    private static final long[] NONE = new long[0];

    /** Terms binned by exponent before the bins are moved into the limbs: 1024 * (2^53 - 1) is below 2^63. */
    static final int BINNED_PER_FLUSH = 1 << 10;
    /** How far a new bin window reaches beyond the exponent that needed it, so it seldom grows twice. */
    private static final int BIN_SLACK = 8;
    /** The largest biased exponent of a finite double. */
    private static final int MAX_FINITE_EXPONENT = 0x7FE;

    private long[] limbs = NONE;
    private int lowest;
    private int pending;
    private double nonFinite;
    /** Per biased exponent from {@code lowestExponent}, the sum of the signed significands binned since a flush. */
    private long[] bins = NONE;
    private int lowestExponent;
    private int binned;

    /** Adds {@code x} without rounding. */
    public void add(double x) {
        long bits = Double.doubleToRawLongBits(x);
        if (bits << 1 == 0) {
            return; // 0 or -0, which would only widen the bins' window
        }
        int biasedExponent = (int) (bits >>> 52) & 0x7FF;
        if (biasedExponent == 0x7FF) {
            nonFinite += x;
            return;
        }
        long significand = bits & 0x000F_FFFF_FFFF_FFFFL;
        if (biasedExponent != 0) {
            significand |= 1L << 52;
        }
        // Negative terms are subtracted without a branch: (v ^ sign) - sign is v, or -v when sign is all ones.
        long sign = bits >> 63;
        int j = biasedExponent - lowestExponent;
        if (j < 0 || j >= bins.length) {
            coverExponent(biasedExponent);
            j = biasedExponent - lowestExponent;
        }
        bins[j] += (significand ^ sign) - sign;
        if (++binned == BINNED_PER_FLUSH) {
            flushBins();
        }
    }

    /** Moves every bin into the limbs and empties it. */
    private void flushBins() {
        binned = 0;
        for (int j = 0; j < bins.length; j++) {
            long v = bins[j];
            if (v != 0) {
                bins[j] = 0;
                addScaled(v, lowestExponent + j);
            }
        }
    }

    /**
     * Adds {@code v} (of magnitude below 2^63) times the weight of a significand's lowest bit at
     * {@code biasedExponent}: 2^-1074 for 0 and 1 (subnormals and the smallest normals), twice that per step above.
     */
    private void addScaled(long v, int biasedExponent) {
        int position = Math.max(biasedExponent - 1, 0);
        int limb = position >>> 5;
        int shift = position & 31;
        long sign = v >> 63;
        long magnitude = (v ^ sign) - sign;
        long low = magnitude << shift;
        long high = (magnitude >>> 1) >>> (63 - shift); // magnitude >>> (64 - shift), and 0 when shift is 0
        int j = limb - lowest;
        if (j < 0 || j + 3 >= limbs.length) {
            cover(limb, limb + 3);
            j = limb - lowest;
        }
        // Each limb takes less than 2^32 here: the low two are 32-bit slices, and high is below 2^31.
        limbs[j] += ((low & MASK) ^ sign) - sign;
        limbs[j + 1] += ((low >>> 32) ^ sign) - sign;
        limbs[j + 2] += (high ^ sign) - sign;
        if (++pending == NORMALISE_EVERY) {
            normalise();
        }
    }

    /** Widens the bin window to hold {@code biasedExponent}; called only between flushes' worth of terms. */
    private void coverExponent(int biasedExponent) {
        int from = Math.max(0, biasedExponent - BIN_SLACK);
        int to = Math.min(MAX_FINITE_EXPONENT, biasedExponent + BIN_SLACK);
        if (bins.length == 0) {
            bins = new long[to - from + 1];
            lowestExponent = from;
            return;
        }
        int newLowest = Math.min(from, lowestExponent);
        int newHighest = Math.max(to, lowestExponent + bins.length - 1);
        long[] grown = new long[newHighest - newLowest + 1];
        System.arraycopy(bins, 0, grown, lowestExponent - newLowest, bins.length);
        bins = grown;
        lowestExponent = newLowest;
    }

    /** Adds {@code a * b} without rounding (barring underflow of the error term below about 1e-290). */
    public void addProduct(double a, double b) {
        if (a == 1.0) {
            add(b); // a weight of 1: the product is b, with no rounding error to add
            return;
        }
        double p = a * b;
        if (!Double.isFinite(p)) {
            add(p);
            return;
        }
        add(p);
        add(Math.fma(a, b, -p));
    }

    /** Adds {@code w * x * x} without rounding (same range caveat as {@link #addProduct}). */
    void addWeightedSquare(double w, double x) {
        double h = x * x;
        if (!Double.isFinite(h)) {
            add(w * h);
            return;
        }
        double l = Math.fma(x, x, -h);
        if (w == 1.0) {
            add(h);
            add(l);
        } else {
            addProduct(w, h);
            addProduct(w, l);
        }
    }

    /** The exact value; see {@link ExactSum}. */
    public ExactSum toExactSum() {
        return new ExactSum(toBigDecimal(), nonFinite);
    }

    /** The sum correctly rounded to the nearest double (ties to even). */
    double toDouble() {
        if (nonFinite != 0.0 || Double.isNaN(nonFinite)) {
            return nonFinite;
        }
        flushBins();
        normalise();
        int top = limbs.length - 1;
        while (top >= 0 && limbs[top] == 0) {
            top--;
        }
        if (top < 0) {
            return 0.0;
        }
        if (limbs[top] < 0 || limbs[top] > MASK) {
            return toBigDecimal().doubleValue();
        }
        long lead = limbs[top];
        int leadingZeros = Long.numberOfLeadingZeros(lead) - 32;
        long next = top >= 1 ? limbs[top - 1] : 0;
        long third = top >= 2 ? limbs[top - 2] : 0;
        long window = (lead << (32 + leadingZeros)) | (next << leadingZeros)
                | (leadingZeros == 0 ? 0 : third >>> (32 - leadingZeros));
        boolean sticky = leadingZeros == 0 ? third != 0 : (third & ((1L << (32 - leadingZeros)) - 1)) != 0;
        for (int j = top - 3; j >= 0 && !sticky; j--) {
            sticky = limbs[j] != 0;
        }
        long mantissa = window >>> 11;
        long rest = window & 0x7FF;
        int exponent = 32 * (lowest + top) + (32 - leadingZeros) - 53 - 1074;
        if (rest > 0x400 || (rest == 0x400 && (sticky || (mantissa & 1) == 1))) {
            mantissa++;
            if (mantissa == 1L << 53) {
                mantissa >>>= 1;
                exponent++;
            }
        }
        if (exponent < -1074 || exponent > 971) {
            return toBigDecimal().doubleValue();
        }
        return Math.scalb((double) mantissa, exponent);
    }

    BigDecimal toBigDecimal() {
        flushBins();
        normalise();
        BigInteger total = BigInteger.ZERO;
        for (int j = limbs.length - 1; j >= 0; j--) {
            total = total.shiftLeft(32).add(BigInteger.valueOf(limbs[j]));
        }
        if (total.signum() == 0) {
            return BigDecimal.ZERO;
        }
        int trailing = total.getLowestSetBit();
        total = total.shiftRight(trailing);
        int power = 32 * lowest + trailing - 1074;
        if (power >= 0) {
            return new BigDecimal(total.shiftLeft(power));
        }
        return new BigDecimal(total.multiply(BigInteger.valueOf(5).pow(-power)), -power);
    }

    /** Propagates carries so every limb but the top one lies in [0, 2^32); the top limb carries the sign. */
    private void normalise() {
        pending = 0;
        if (limbs.length == 0) {
            return;
        }
        for (int j = 0; j < limbs.length - 1; j++) {
            long carry = limbs[j] >> 32;
            limbs[j] &= MASK;
            limbs[j + 1] += carry;
        }
        while (limbs[limbs.length - 1] > MASK) {
            cover(lowest + limbs.length, lowest + limbs.length);
            int last = limbs.length - 2;
            limbs[last + 1] += limbs[last] >> 32;
            limbs[last] &= MASK;
        }
    }

    private void cover(int from, int to) {
        if (limbs.length == 0) {
            lowest = from;
            limbs = new long[to - from + 1];
            return;
        }
        int highest = lowest + limbs.length - 1;
        if (from >= lowest && to <= highest) {
            return;
        }
        int newLowest = Math.min(from, lowest);
        int newHighest = Math.max(to, highest);
        long[] grown = new long[newHighest - newLowest + 1];
        System.arraycopy(limbs, 0, grown, lowest - newLowest, limbs.length);
        limbs = grown;
        lowest = newLowest;
    }
}
