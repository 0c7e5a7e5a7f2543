package dev.vigil.estimation;

/**
 * An estimated metric's value and the range its realised value should fall in, as a run index keeps it.
 *
 * @param value the estimate
 * @param lower lower end of the range; NaN when undefined
 * @param upper upper end of the range; NaN when undefined
 */
public record EstimatedValue(double value, double lower, double upper) {}
