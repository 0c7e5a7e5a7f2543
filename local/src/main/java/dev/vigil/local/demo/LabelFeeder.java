package dev.vigil.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The demo's label pipeline: what the {@link TrafficDriver} served is queued, and each {@link #release()} (the demo
 * calls it one interval later) sends the true labels of a {@code share} of the queued predictions to
 * {@code POST /v1/models/{model}:labels} in batches of {@value #BATCH}, each label stamped with the moment it is sent.
 * The rest are never labelled, as in production some outcomes are never learned. Which ones are labelled is drawn
 * from {@code seed}. Only a loopback address is accepted.
 */
public final class LabelFeeder {
    /** Labels per request. */
    public static final int BATCH = 500;

    /**
     * One label as the route takes it.
     *
     * @param labelledAt when it was learned, or null to let the store's write time stand for it
     */
    public record Label(String id, String label, Instant labelledAt) {}

    /**
     * What one release sent.
     *
     * @param offered predictions queued since the previous release
     * @param labels the labels the route accepted
     * @param withheld predictions left unlabelled on purpose
     * @param failed labels of batches the route did not accept
     * @param problem the first failure's description, or null
     */
    public record Fed(int offered, List<Label> labels, int withheld, int failed, String problem) {
        public Fed {
            labels = List.copyOf(labels);
        }
    }

    /**
     * The route's answer to one batch.
     *
     * @param status the HTTP status
     * @param accepted labels stored (0 unless 200)
     * @param body the answer's body
     */
    public record Posted(int status, int accepted, String body) {}

    private final HttpClient http;
    private final URI route;
    private final double share;
    private final Random random;
    private final Clock clock;
    private final List<TrafficDriver.Served> queued = new ArrayList<>();

    /**
     * @param base the predict API, e.g. {@code http://127.0.0.1:8080}; must be a loopback address
     * @param share the fraction of predictions that get a label, 0 to 1
     * @throws IllegalArgumentException when {@code base} is not on this machine or {@code share} is outside 0 to 1
     */
    public LabelFeeder(HttpClient http, URI base, String model, double share, long seed, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.route = TrafficDriver.requireLoopback(base).resolve("/v1/models/" + model + ":labels");
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("the labelled share is between 0 and 1, was " + share);
        }
        this.share = share;
        this.random = new Random(seed);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Queues served predictions for the next release. */
    public synchronized void accept(List<TrafficDriver.Served> served) {
        queued.addAll(served);
    }

    /** Sends the labels of the predictions queued so far (a {@code share} of them) and empties the queue. */
    public Fed release() throws InterruptedException {
        List<TrafficDriver.Served> due;
        List<Label> chosen = new ArrayList<>();
        synchronized (this) {
            due = List.copyOf(queued);
            queued.clear();
            for (TrafficDriver.Served s : due) {
                if (random.nextDouble() < share) {
                    chosen.add(new Label(s.id(), s.label(), null));
                }
            }
        }
        Instant now = clock.instant();
        List<Label> stamped = chosen.stream().map(l -> new Label(l.id(), l.label(), now)).toList();
        List<Label> accepted = new ArrayList<>();
        int failed = 0;
        String problem = null;
        for (int from = 0; from < stamped.size(); from += BATCH) {
            List<Label> batch = stamped.subList(from, Math.min(stamped.size(), from + BATCH));
            Posted posted = post(batch);
            if (posted.status() == 200 && posted.accepted() == batch.size()) {
                accepted.addAll(batch);
            } else {
                failed += batch.size();
                problem = problem == null ? "the labels route answered " + posted.status() + ": " + posted.body()
                        : problem;
            }
        }
        return new Fed(due.size(), accepted, due.size() - stamped.size(), failed, problem);
    }

    /** Posts {@code labels} as one request; a connection failure is status 0. */
    public Posted post(List<Label> labels) throws InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("labels");
        for (Label label : labels) {
            ObjectNode l = list.addObject().put("id", label.id()).put("label", label.label());
            if (label.labelledAt() != null) {
                l.put("labelled_at", label.labelledAt().toString());
            }
        }
        HttpRequest request = HttpRequest.newBuilder(route).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int accepted = 0;
            if (response.statusCode() == 200) {
                JsonNode answer = Json.MAPPER.readTree(response.body());
                accepted = answer.path("accepted").asInt(0);
            }
            return new Posted(response.statusCode(), accepted, response.body());
        } catch (IOException e) {
            return new Posted(0, 0, "no answer: " + e.getMessage());
        }
    }
}
