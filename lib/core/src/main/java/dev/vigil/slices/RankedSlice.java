package dev.vigil.slices;

/**
 * A judged slice in the ranking of the worst: ranked by the bound of the ranking metric's interval on the good side
 * (the upper bound when higher is better), so a slice ranks low only when even its best plausible value is low, and
 * a small, noisy slice with a wide interval is not mistaken for a weak one.
 *
 * @param slice the slice's key, {@code column=value}
 * @param rows rows in the slice
 * @param value the ranking metric's value
 * @param lower its interval's lower bound (NaN without one)
 * @param upper its interval's upper bound (NaN without one)
 * @param bound what it is ranked by: the good-side bound, or the value when the metric has no interval
 */
public record RankedSlice(String slice, long rows, double value, double lower, double upper, double bound) {}
