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
     */
    public record Served(String id, String label, Instant answeredAt, String version) {}

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
     * One small, noisy interval of traffic: {@code customers} customers instead of the usual number, a
     * {@code mislabelled} share of whose true labels are entered wrongly (every k-th, so it is repeatable). Its window
     * is too small and too noisy to prove the model got worse, which is what an alarm on the bound is for.
     *
     * @param interval which interval (0 for the first)
     * @param customers customers asked about in it
     * @param mislabelled the share of their labels that are wrong, 0 to 1
     */
    public record NoisyDay(int interval, int customers, double mislabelled) {
        public NoisyDay {
            if (interval < 0 || customers < 1 || !(mislabelled >= 0 && mislabelled <= 1)) {
                throw new IllegalArgumentException("a noisy interval needs an index of 0 or more, at least one"
                        + " customer and a mislabelled share from 0 to 1");
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
        sink.accept(noisyHere ? mislabelled(served, noisy.mislabelled()) : List.copyOf(served));
        return new Sent(interval, requests, Map.copyOf(byVersion), failed, interval == shiftAtInterval
                && interval > 0, problem, noisyHere ? noisy : null);
    }

    /** {@code served} with every k-th label swapped for the other class, {@code share} of them in all. */
    static List<Served> mislabelled(List<Served> served, double share) {
        List<Served> out = new ArrayList<>(served.size());
        double wrong = 0;
        for (Served s : served) {
            wrong += share;
            if (wrong >= 1) {
                wrong -= 1;
                String other = ChurnData.LABELS.get(0).equals(s.label()) ? ChurnData.LABELS.get(1)
                        : ChurnData.LABELS.get(0);
                out.add(new Served(s.id(), other, s.answeredAt(), s.version()));
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
        String version = answer.path("model_version").asText(null);
        if (!ids.isArray() || ids.size() != batch.size() || version == null) {
            throw new IllegalStateException("predict's answer holds no id per instance: " + response.body());
        }
        List<Served> served = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            served.add(new Served(ids.get(i).asText(), batch.get(i).label(), answeredAt, version));
        }
        return served;
    }
}
