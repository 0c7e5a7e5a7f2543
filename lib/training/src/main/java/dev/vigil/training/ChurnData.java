package dev.vigil.training;

import dev.vigil.storage.StorageLayout;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Synthetic data for the demo's {@code churn} model: labelled days (one {@code dt=} partition each) to train the
 * first version on, and {@linkplain #customers customers} to send to the predict API, with the
 * features of {@code events/predict} ({@code tenure_months, monthly_charges, support_calls, age}) and labels
 * {@code stay, churn}.
 *
 * <p>Feature distributions never change. What changes, after {@code shiftAfterDay} days, is why customers leave
 * (concept shift): before, churn comes with short tenure, high charges and many support calls; after, a competitor's
 * offer takes older, long-standing customers on cheaper plans. A model fitted before the shift scores an F1 of about
 * 0.25 after it (about 0.8 before), so the quality alarm fires while the drift alarms, which watch the inputs and the
 * prediction distribution, stay quiet.
 */
public final class ChurnData {
    public static final String MODEL = "churn";
    public static final List<String> FEATURES = List.of("tenure_months", "monthly_charges", "support_calls", "age");
    public static final List<String> LABELS = List.of("stay", "churn");
    private static final String HEADER = "id," + String.join(",", FEATURES) + ",label\n";

    /** Which relationship between features and churn a day's labels follow. */
    public enum Regime {
        /** Short tenure, high monthly charges and many support calls churn. */
        BEFORE_SHIFT,
        /** Older, long-standing customers on cheaper plans churn. */
        AFTER_SHIFT
    }

    /**
     * One day of labelled rows as CSV.
     *
     * @param index 0 for the first day
     * @param date the day's {@code dt=} partition
     * @param regime which relationship its labels follow
     * @param csv header plus one row per customer
     * @param rows customers in the day
     * @param churned customers labelled {@code churn}
     * @param shiftsHere true for the first day of the new regime
     */
    public record Day(int index, LocalDate date, Regime regime, byte[] csv, int rows, int churned,
            boolean shiftsHere) {
        /** Where the day is stored: {@code labelled/churn/dt=YYYY-MM-DD/part-00000.csv}. */
        public String key() {
            return StorageLayout.labelledPartition(MODEL, date) + "part-00000.csv";
        }
    }

    private final Random random;
    private final int rowsPerDay;
    private final int shiftAfterDay;
    private final LocalDate firstDay;
    private int nextDay;

    /**
     * @param seed makes the data repeatable
     * @param rowsPerDay customers per day
     * @param shiftAfterDay days generated before the shift (day indices from this one on follow the new regime)
     * @param firstDay the date of day 0
     */
    public ChurnData(long seed, int rowsPerDay, int shiftAfterDay, LocalDate firstDay) {
        if (rowsPerDay < 10 || shiftAfterDay < 1) {
            throw new IllegalArgumentException("need at least 10 rows per day and one day before the shift");
        }
        this.random = new Random(seed);
        this.rowsPerDay = rowsPerDay;
        this.shiftAfterDay = shiftAfterDay;
        this.firstDay = firstDay;
    }

    /** The next day of data. */
    public synchronized Day next() {
        int index = nextDay++;
        Regime regime = index < shiftAfterDay ? Regime.BEFORE_SHIFT : Regime.AFTER_SHIFT;
        StringBuilder csv = new StringBuilder(HEADER.length() + rowsPerDay * 40).append(HEADER);
        int churned = 0;
        for (int i = 0; i < rowsPerDay; i++) {
            Customer c = customer(regime);
            churned += c.churned() ? 1 : 0;
            csv.append(String.format(Locale.ROOT, "d%d-%d,%d,%.2f,%d,%d,%s%n", index, i, c.tenureMonths(),
                    c.monthlyCharges(), c.supportCalls(), c.age(), c.label()));
        }
        return new Day(index, firstDay.plusDays(index), regime, csv.toString().getBytes(StandardCharsets.UTF_8),
                rowsPerDay, churned, index == shiftAfterDay);
    }

    /**
     * One customer as the predict API is asked about them, with the label that the future will bring.
     *
     * @param churned whether the customer leaves ({@code churn}) or not ({@code stay})
     */
    public record Customer(int tenureMonths, double monthlyCharges, int supportCalls, int age, boolean churned) {
        /** The true label: {@code churn} or {@code stay}. */
        public String label() {
            return churned ? LABELS.get(1) : LABELS.get(0);
        }

        /** The customer as one keyed instance of a predict request. */
        public String instanceJson() {
            return String.format(Locale.ROOT, "{\"tenure_months\": %d, \"monthly_charges\": %.2f,"
                    + " \"support_calls\": %d, \"age\": %d}", tenureMonths, monthlyCharges, supportCalls, age);
        }
    }

    /** The next {@code count} customers, their labels following {@code regime}; the same seed gives the same ones. */
    public synchronized List<Customer> customers(int count, Regime regime) {
        List<Customer> customers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            customers.add(customer(regime));
        }
        return customers;
    }

    private Customer customer(Regime regime) {
        int tenure = 1 + random.nextInt(72);
        double charges = Math.round(clamp(70 + 25 * random.nextGaussian(), 18, 120) * 100) / 100.0;
        int calls = Math.min(10, poisson(1.5));
        int age = (int) clamp((double) Math.round(45 + 14 * random.nextGaussian()), 18, 85);
        boolean churn = random.nextDouble() < sigmoid(logit(regime, tenure, charges, calls, age));
        return new Customer(tenure, charges, calls, age, churn);
    }

    /** The day index from which labels follow the new regime. */
    public int shiftAfterDay() {
        return shiftAfterDay;
    }

    static double logit(Regime regime, double tenure, double charges, double calls, double age) {
        double t = (tenure - 36.5) / 20.8;
        double c = (charges - 70) / 25;
        double s = (calls - 1.5) / 1.22;
        double a = (age - 45) / 14;
        return switch (regime) {
            case BEFORE_SHIFT -> -0.5 - 2.2 * t + 1.6 * c + 1.6 * s;
            case AFTER_SHIFT -> -0.5 + 2.2 * a + 1.6 * t - 1.3 * c;
        };
    }

    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
