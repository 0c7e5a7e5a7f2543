package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {

    @Test
    void sumIsExactWhateverTheOrderOfTerms() {
        Random random = new Random(1);
        for (int trial = 0; trial < 50; trial++) {
            List<Double> terms = randomTerms(random, 200);
            BigDecimal exact = BigDecimal.ZERO;
            for (double t : terms) {
                exact = exact.add(new BigDecimal(t));
            }
            RunningSum forward = new RunningSum();
            terms.forEach(forward::add);
            Collections.shuffle(terms, random);
            RunningSum shuffled = new RunningSum();
            terms.forEach(shuffled::add);
            assertEquals(0, exact.compareTo(forward.toBigDecimal()));
            assertEquals(forward.toExactSum(), shuffled.toExactSum());
        }
    }

    @Test
    void longSumsStayExactAcrossTheBinsFlushes() {
        // Enough terms for many flushes of the exponent bins into the limbs, of every sign and from subnormal to huge,
        // checked against BigDecimal after every few hundred terms (each check reads the sum mid-way).
        Random random = new Random(11);
        for (int trial = 0; trial < 6; trial++) {
            RunningSum sum = new RunningSum();
            BigDecimal exact = BigDecimal.ZERO;
            int terms = 3 * RunningSum.BINNED_PER_FLUSH + random.nextInt(5000);
            for (int i = 0; i < terms; i++) {
                double t = switch (random.nextInt(4)) {
                    case 0 -> random.nextGaussian() * Math.pow(2, random.nextInt(200) - 100);
                    case 1 -> Double.MIN_VALUE * random.nextInt(1 << 20) * (random.nextBoolean() ? 1 : -1);
                    case 2 -> -Math.log(random.nextDouble());
                    default -> (random.nextBoolean() ? 1 : -1) * Math.nextDown(Math.pow(2, random.nextInt(60)));
                };
                sum.add(t);
                exact = exact.add(new BigDecimal(t));
                if (i % 397 == 0) {
                    assertEquals(0, exact.compareTo(sum.toBigDecimal()), "after " + (i + 1) + " terms");
                }
            }
            assertEquals(0, exact.compareTo(sum.toBigDecimal()));
            assertEquals(exact.doubleValue(), sum.toDouble());
        }
    }

    @Test
    void oneBinFilledToItsLimitDoesNotOverflow() {
        // The largest significand of one exponent, again and again: the bin holds BINNED_PER_FLUSH of them at most.
        for (double t : new double[] {Math.nextDown(2.0), -Math.nextDown(2.0), Math.nextDown(Double.MAX_VALUE),
            Math.nextDown(Double.MIN_NORMAL)}) {
            RunningSum sum = new RunningSum();
            int terms = 5 * RunningSum.BINNED_PER_FLUSH + 3;
            for (int i = 0; i < terms; i++) {
                sum.add(t);
            }
            assertEquals(0, new BigDecimal(t).multiply(BigDecimal.valueOf(terms)).compareTo(sum.toBigDecimal()),
                    "term " + t);
        }
    }

    @Test
    void toDoubleIsTheCorrectlyRoundedExactSum() {
        Random random = new Random(2);
        for (int trial = 0; trial < 2000; trial++) {
            RunningSum sum = new RunningSum();
            BigDecimal exact = BigDecimal.ZERO;
            for (double t : randomTerms(random, 1 + random.nextInt(20))) {
                sum.add(t);
                exact = exact.add(new BigDecimal(t));
            }
            assertEquals(exact.doubleValue(), sum.toDouble(), "sum " + exact);
        }
    }

    @Test
    void roundingBreaksTiesToEven() {
        RunningSum sum = new RunningSum();
        sum.add(1.0);
        sum.add(Math.ulp(1.0) / 2);
        assertEquals(1.0, sum.toDouble());
        sum.add(Math.ulp(1.0));
        assertEquals(1.0 + 2 * Math.ulp(1.0), sum.toDouble());
        RunningSum sticky = new RunningSum();
        sticky.add(1.0);
        sticky.add(Math.ulp(1.0) / 2);
        sticky.add(Double.MIN_VALUE);
        assertEquals(Math.nextUp(1.0), sticky.toDouble());
    }

    @Test
    void productsAreAddedWithoutRounding() {
        Random random = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            double a = random.nextGaussian() * 1e3;
            double b = random.nextGaussian() * 1e-3;
            RunningSum product = new RunningSum();
            product.addProduct(a, b);
            assertEquals(0, new BigDecimal(a).multiply(new BigDecimal(b)).compareTo(product.toBigDecimal()));
            RunningSum square = new RunningSum();
            square.addWeightedSquare(b, a);
            BigDecimal exact = new BigDecimal(b).multiply(new BigDecimal(a)).multiply(new BigDecimal(a));
            assertEquals(0, exact.compareTo(square.toBigDecimal()));
        }
    }

    @Test
    void cancellationLeavesNoResidue() {
        RunningSum sum = new RunningSum();
        sum.add(1e300);
        sum.add(1e-300);
        sum.add(-1e300);
        assertEquals(1e-300, sum.toDouble());
        sum.add(-1e-300);
        assertEquals(0.0, sum.toDouble());
        assertEquals(ExactSum.ZERO, sum.toExactSum());
    }

    @Test
    void nonFiniteTermsPropagateLikeDoubles() {
        assertEquals(Double.POSITIVE_INFINITY, ExactSum.of(1.0, Double.POSITIVE_INFINITY).toDouble());
        assertTrue(Double.isNaN(ExactSum.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).toDouble()));
        assertTrue(Double.isNaN(ExactSum.of(1.0).plus(ExactSum.of(Double.NaN)).toDouble()));
    }

    @Test
    void roundTripsThroughJsonAsAnExactDecimalString() {
        for (ExactSum sum : List.of(ExactSum.of(0.1, 0.2), ExactSum.of(-3.5e-300, 7.0), ExactSum.ZERO,
                ExactSum.of(Double.NEGATIVE_INFINITY), ExactSum.of(Double.NaN))) {
            String json = new String(Json.toBytes(sum), StandardCharsets.UTF_8);
            assertTrue(json.startsWith("\""), json);
            assertEquals(sum, Json.fromBytes(json.getBytes(StandardCharsets.UTF_8), ExactSum.class));
        }
        assertEquals("\"0.3000000000000000166533453693773481063544750213623046875\"",
                new String(Json.toBytes(ExactSum.of(0.1, 0.2)), StandardCharsets.UTF_8));
    }

    @Test
    void plusIsExactAndAssociative() {
        ExactSum a = ExactSum.of(0.1);
        ExactSum b = ExactSum.of(1e20);
        ExactSum c = ExactSum.of(-1e20);
        assertEquals(a.plus(b).plus(c), a.plus(b.plus(c)));
        assertEquals(0.1, a.plus(b).plus(c).toDouble());
    }

    private static List<Double> randomTerms(Random random, int n) {
        List<Double> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double magnitude = Math.scalb(1.0 + random.nextDouble(), random.nextInt(200) - 100);
            terms.add(random.nextBoolean() ? magnitude : -magnitude);
            if (random.nextInt(10) == 0) {
                terms.add(-terms.get(terms.size() - 1) * (1 + Math.ulp(1.0)));
            }
        }
        return terms;
    }
}
