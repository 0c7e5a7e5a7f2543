package dev.vigil.local.demo;

import dev.vigil.training.ChurnData;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The demo's callers: per interval, {@code customersPerInterval} customers from {@link ChurnData} sent to the predict
 * API in requests of {@value #INSTANCES_PER_REQUEST} instances, over HTTP to a server on this machine. Vigil generates
 * the prediction ids; the driver reads them from each answer and hands every served customer (id, the label the
 * future brings, when it was answered, which version answered) to its sink, the {@link LabelFeeder}. From interval
 * {@code shiftAtInterval} on the customers follow {@link ChurnData.Regime#AFTER_SHIFT}.
 *
 * <p>Bounded: it sends only to a loopback address, at most {@code maxIntervals} intervals, and each request times out
 * after {@link #REQUEST_TIMEOUT}. One interval is sent at a time; a failed request is counted, never retried.
 */
public final class TrafficDriver {
    /** Instances per predict request. */
    public static final int INSTANCES_PER_REQUEST = 10;
    /** How long one request may take. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * One prediction the API served.
     *
     * @param id the prediction id the answer carried
     * @param label the customer's true label, known to the demo only
     * @param answeredAt when the answer arrived
     * @param version the model version that answered
     * @param predicted the label the model predicted
     */
    public record Served(String id, String label, Instant answeredAt, String version, String predicted) {}

    /**
     * One interval of traffic sent.
     *
     * @param interval 0 for the first
     * @param requests requests sent
     * @param served predictions answered, by model version
     * @param failed requests that were not answered 200 with one id per instance
     * @param shiftsHere true for the first interval whose customers follow the new regime
     * @param problem the first failure's description, or null
     * @param noisy the small noisy interval this was, or null for a usual one
     */
    public record Sent(int interval, int requests, Map<String, Integer> served, int failed, boolean shiftsHere,
            String problem, NoisyDay noisy) {
        /** Predictions answered, all versions. */
        public int servedTotal() {
            return served.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final HttpClient http;
    private final URI predict;
    private final ChurnData data;
    private final int customersPerInterval;
    private final int shiftAtInterval;
    private final int maxIntervals;
    private final Consumer<List<Served>> sink;
    private final Clock clock;
    private final NoisyDay noisy;
    private int next;

    /**
     * One small, noisy interval of traffic: {@code customers} customers instead of the usual number, enough of whose
     * outcomes are recorded wrongly (customers the model rightly said would churn, recorded as staying) that the F1
     * of the interval falls to about {@code f1}. Its window is too small to prove the model got worse, which is what
     * an alarm on the bound is for.
     *
     * @param interval which interval (0 for the first)
     * @param customers customers asked about in it
     * @param f1 the F1 of the positive class its recorded outcomes bring the served predictions to, 0 to 1
     */
    public record NoisyDay(int interval, int customers, double f1) {
        public NoisyDay {
            if (interval < 0 || customers < 1 || !(f1 >= 0 && f1 <= 1)) {
                throw new IllegalArgumentException("a noisy interval needs an index of 0 or more, at least one"
                        + " customer and an F1 from 0 to 1");
            }
        }
    }

    /**
     * @param base the predict API, e.g. {@code http://127.0.0.1:8080}; must be a loopback address
     * @param sink hears each interval's served predictions, in answer order
     * @throws IllegalArgumentException when {@code base} is not on this machine or a count is not positive
     */
    public TrafficDriver(HttpClient http, URI base, String model, ChurnData data, int customersPerInterval,
            int shiftAtInterval, int maxIntervals, Consumer<List<Served>> sink, Clock clock) {
        this(http, base, model, data, customersPerInterval, shiftAtInterval, maxIntervals, sink, clock, null);
    }

    /** As the other constructor, with one small noisy interval ({@code noisy}, or none when null). */
    public TrafficDriver(HttpClient http, URI base, String model, ChurnData data, int customersPerInterval,
            int shiftAtInterval, int maxIntervals, Consumer<List<Served>> sink, Clock clock, NoisyDay noisy) {
        this.noisy = noisy;
        this.http = Objects.requireNonNull(http, "http");
        this.predict = requireLoopback(base).resolve("/v1/models/" + model + ":predict");
        this.data = Objects.requireNonNull(data, "data");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (customersPerInterval < 1 || maxIntervals < 1 || shiftAtInterval < 0) {
            throw new IllegalArgumentException("need at least one customer per interval and one interval, and a"
                    + " shift at interval 0 or later");
        }
        this.customersPerInterval = customersPerInterval;
        this.shiftAtInterval = shiftAtInterval;
        this.maxIntervals = maxIntervals;
    }

    /** {@code base} if its host is a loopback address. */
    static URI requireLoopback(URI base) {
        String host = base.getHost();
        boolean loopback;
        try {
            loopback = host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback || !"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("the traffic driver only sends to a predict API on this machine"
                    + " (http://127.0.0.1:PORT), not to " + base);
        }
        return base;
    }

    /** Whether another interval may be sent. */
    public synchronized boolean hasNext() {
        return next < maxIntervals;
    }

    /** The index of the next interval to send. */
    public synchronized int nextInterval() {
        return next;
    }

    /**
     * Sends the next interval's customers and hands what was served to the sink.
     *
     * @throws IllegalStateException after {@code maxIntervals} intervals
     */
    public synchronized Sent sendInterval() throws InterruptedException {
        if (next >= maxIntervals) {
            throw new IllegalStateException("the traffic driver has sent its " + maxIntervals + " intervals");
        }
        int interval = next++;
        ChurnData.Regime regime = interval < shiftAtInterval ? ChurnData.Regime.BEFORE_SHIFT
                : ChurnData.Regime.AFTER_SHIFT;
        boolean noisyHere = noisy != null && noisy.interval() == interval;
        List<ChurnData.Customer> customers = data.customers(noisyHere ? noisy.customers() : customersPerInterval,
                regime);
        List<Served> served = new ArrayList<>(customers.size());
        Map<String, Integer> byVersion = new TreeMap<>();
        int requests = 0;
        int failed = 0;
        String problem = null;
        for (int from = 0; from < customers.size(); from += INSTANCES_PER_REQUEST) {
            List<ChurnData.Customer> batch = customers.subList(from, Math.min(customers.size(),
                    from + INSTANCES_PER_REQUEST));
            requests++;
            try {
                List<Served> answered = send(batch);
                served.addAll(answered);
                answered.forEach(s -> byVersion.merge(s.version(), 1, Integer::sum));
            } catch (IOException | IllegalStateException e) {
                failed++;
                problem = problem == null ? e.getMessage() : problem;
            }
        }
        sink.accept(noisyHere ? mislabelled(served, noisy.f1()) : List.copyOf(served));
        return new Sent(interval, requests, Map.copyOf(byVersion), failed, interval == shiftAtInterval
                && interval > 0, problem, noisyHere ? noisy : null);
    }

    /**
     * {@code served} with the outcomes of rightly predicted churners recorded as staying, one at a time in answer
     * order, until the positive class's F1 over all of them is at most {@code f1}.
     */
    static List<Served> mislabelled(List<Served> served, double f1) {
        String positive = ChurnData.LABELS.get(1);
        String negative = ChurnData.LABELS.get(0);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (Served s : served) {
            boolean predicted = positive.equals(s.predicted());
            boolean actual = positive.equals(s.label());
            tp += predicted && actual ? 1 : 0;
            fp += predicted && !actual ? 1 : 0;
            fn += !predicted && actual ? 1 : 0;
        }
        List<Served> out = new ArrayList<>(served.size());
        for (Served s : served) {
            boolean truePositive = positive.equals(s.predicted()) && positive.equals(s.label());
            if (truePositive && 2.0 * tp / (2.0 * tp + fp + fn) > f1) {
                tp--;
                fp++;
                out.add(new Served(s.id(), negative, s.answeredAt(), s.version(), s.predicted()));
            } else {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private List<Served> send(List<ChurnData.Customer> batch) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < batch.size(); i++) {
            body.append(i == 0 ? "" : ", ").append(batch.get(i).instanceJson());
        }
        body.append("]}");
        HttpRequest request = HttpRequest.newBuilder(predict).timeout(REQUEST_TIMEOUT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Instant answeredAt = clock.instant();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("predict answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode answer = Json.MAPPER.readTree(response.body());
        JsonNode ids = answer.path("ids");
        JsonNode predictions = answer.path("predictions");
        String version = answer.path("model_version").asText(null);
        if (!ids.isArray() || ids.size() != batch.size() || version == null) {
            throw new IllegalStateException("predict's answer holds no id per instance: " + response.body());
        }
        List<Served> served = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            served.add(new Served(ids.get(i).asText(), batch.get(i).label(), answeredAt, version,
                    predictions.path(i).path("label").asText(null)));
        }
        return served;
    }
}
