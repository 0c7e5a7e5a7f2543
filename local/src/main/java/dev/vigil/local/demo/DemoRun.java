package dev.vigil.local.demo;

import dev.vigil.training.ChurnData;
import dev.vigil.alarms.AlarmState;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.evaluate.RunOutcome;
import dev.vigil.json.Json;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.http.PredictHttpServer;
import dev.vigil.local.loop.LocalSuite;
import dev.vigil.local.loop.LoopListener;
import dev.vigil.local.loop.LoopSettings;
import dev.vigil.local.loop.TrafficJudgement;
import dev.vigil.local.loop.TriggerDecision;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.Retrainer;
import dev.vigil.retrain.RetrainRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo: the whole loop on synthetic data, driven by the traffic it serves. It serves the predict API, writes
 * {@code historyDays} days of labelled {@link ChurnData}, trains and promotes the first {@code churn} version on them
 * (the labelled mode, as for a backfill), then every interval a {@link TrafficDriver} asks the API about
 * {@code customersPerInterval} customers over HTTP and, one interval later, a {@link LabelFeeder} sends the labels of
 * 90 % of them to the labels route. The loop judges each traffic window one interval after it closed (capture joined
 * with the labels that arrived), checks the captured inputs for drift, and watches the alarms. From interval
 * {@code shiftAtInterval} on, why customers leave changes: the quality alarms fire on the first window served after
 * the shift, the retrain-trigger starts one in-process retrain on that window's joined traffic, the better model is
 * promoted and served, and once its own traffic is judged the alarms return to OK: {@link #closed()} completes.
 *
 * <p>With {@code badCandidate}, the demo then promotes the first version again on purpose: it predates the shift, so
 * once its own served traffic is judged the quality alarm fires inside the promotion's watch window, the
 * retrain-trigger rolls the champion back to the retrained version, and once predict answers with that version again
 * {@link #rolledBack()} completes.
 */
public final class DemoRun implements AutoCloseable {
    /** The demo's days are dated this many days back from today, so the newest day is never in the future. */
    static final int DAYS_BACK = 3650;
    /** An instance from the new regime: the first model calls it {@code stay}, the retrained one {@code churn}. */
    static final String EXAMPLE = "{\"instances\": [{\"tenure_months\": 60, \"monthly_charges\": 45.0,"
            + " \"support_calls\": 0, \"age\": 68}]}";
    /** The share of served predictions whose label arrives. */
    public static final double LABELLED_SHARE = 0.9;
    /** The most intervals of traffic the demo sends. */
    public static final int MAX_INTERVALS = 200;
    /** Customers of the demo's small noisy interval: above the minimum sample size, far below a usual interval. */
    public static final int NOISY_CUSTOMERS = 160;
    /** The F1 the noisy interval's wrongly recorded outcomes bring it to: below the 0.70 threshold. */
    public static final double NOISY_F1 = 0.65;
    /** Where the demo's configuration is, beside this class: its model's thresholds and the built-in trainer. */
    public static final String CONFIG_RESOURCE = VigilConfigFile.FILE_NAME;
    /**
     * The demo's configuration: churn's quality thresholds ({@code F1Binary 0.70}, {@code RocAuc 0.75}) and
     * {@code retrain.trainer} built-in, so the loop alarms and retrains as the CDK app's would.
     */
    public static final VigilConfig CONFIG = shippedConfig();

    /**
     * What the demo does besides the functions' own settings.
     *
     * @param seed makes the data repeatable
     * @param rowsPerDay customers per labelled day of history
     * @param historyDays labelled days written before the first model is trained on them
     * @param customersPerInterval customers asked about per interval of traffic
     * @param shiftAtInterval the first interval of traffic whose customers follow the new regime
     * @param interval one interval of traffic, one traffic window, one evaluation tick and one alarm period
     * @param badCandidate once the loop has closed, promote the first version again on purpose, to show the
     *     rollback on quality
     * @param noisyDay one small noisy interval before the shift, on which the interval-gated alarms must stay quiet;
     *     null for none
     * @param config the configuration the loop runs by (thresholds, trainer); the demo's own ({@link #CONFIG})
     *     when null
     */
    public record Settings(long seed, int rowsPerDay, int historyDays, int customersPerInterval, int shiftAtInterval,
            Duration interval, boolean badCandidate, TrafficDriver.NoisyDay noisyDay, VigilConfig config) {
        public Settings {
            config = config == null ? CONFIG : config;
            if (historyDays < 1 || customersPerInterval < 1 || shiftAtInterval < 1) {
                throw new IllegalArgumentException("need at least one day of history, one customer per interval and"
                        + " one interval of traffic before the shift");
            }
            if (noisyDay != null && noisyDay.interval() >= shiftAtInterval) {
                throw new IllegalArgumentException("the noisy interval comes before the shift, at "
                        + shiftAtInterval);
            }
        }

        /** The demo without a noisy interval. */
        public Settings(long seed, int rowsPerDay, int historyDays, int customersPerInterval, int shiftAtInterval,
                Duration interval, boolean badCandidate) {
            this(seed, rowsPerDay, historyDays, customersPerInterval, shiftAtInterval, interval, badCandidate, null,
                    null);
        }

        /** These settings with the loop run by {@code file}. */
        public Settings withConfig(VigilConfig file) {
            return new Settings(seed, rowsPerDay, historyDays, customersPerInterval, shiftAtInterval, interval,
                    badCandidate, noisyDay, file);
        }

        /**
         * These settings with the usual noisy interval: the one just before the shift, with
         * {@value #NOISY_CUSTOMERS} customers, enough of whose outcomes are recorded wrongly to bring its F1 to about
         * {@value #NOISY_F1}.
         */
        public Settings withNoisyDay() {
            return new Settings(seed, rowsPerDay, historyDays, customersPerInterval, shiftAtInterval, interval,
                    badCandidate, new TrafficDriver.NoisyDay(shiftAtInterval - 1, NOISY_CUSTOMERS, NOISY_F1), config);
        }

        /** The demo without the deliberately bad candidate. */
        public Settings(long seed, int rowsPerDay, int historyDays, int customersPerInterval, int shiftAtInterval,
                Duration interval) {
            this(seed, rowsPerDay, historyDays, customersPerInterval, shiftAtInterval, interval, false);
        }
    }

    private final SuiteStores stores;
    private final Settings settings;
    private final LoopListener out;
    private final LocalSuite suite;
    private final ChurnData data;
    private final Clock clock;
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final CompletableFuture<RolledBack> rolledBack = new CompletableFuture<>();
    private final Tracker tracker = new Tracker();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService intervals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-demo-traffic");
        t.setDaemon(true);
        return t;
    });
    private PredictHttpServer server;
    private TrafficDriver driver;
    private LabelFeeder feeder;
    private volatile String firstVersion;

    /**
     * How the loop closed.
     *
     * @param version the version promoted by the retrain and served since
     * @param sinceAlarm from the first alarm into ALARM to its return to OK
     */
    public record Closed(String version, Duration sinceAlarm) {}

    /**
     * How the deliberately bad candidate was rolled back.
     *
     * @param from the bad version, promoted on purpose
     * @param to the version restored, which predict serves again
     * @param alarm the quality alarm that rolled it back
     */
    public record RolledBack(String from, String to, String alarm) {}

    /** The demo's configuration file's text, as {@code vigil demo} writes it into its store. */
    public static String configJson() {
        try (InputStream in = DemoRun.class.getResourceAsStream(CONFIG_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo's " + CONFIG_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo's " + CONFIG_RESOURCE, e);
        }
    }

    private static VigilConfig shippedConfig() {
        return VigilConfigFile.parse(configJson(), "the demo's " + CONFIG_RESOURCE);
    }

    private DemoRun(SuiteStores stores, FunctionSettings functions, Settings settings, LoopListener out, Clock clock) {
        this.stores = stores;
        this.settings = settings;
        this.out = out;
        this.clock = clock;
        this.suite = new LocalSuite(stores, functions, tracker, clock);
        LocalDate firstDay = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(DAYS_BACK);
        this.data = new ChurnData(settings.seed(), settings.rowsPerDay(), settings.historyDays() + 1, firstDay);
    }

    /**
     * Starts the demo: serves on {@code host:port}, writes the history, trains the first version, starts the traffic
     * and the loop.
     *
     * @throws dev.vigil.local.http.PortInUseException when the port is taken (before anything is written)
     * @throws IllegalStateException when the first version cannot be trained
     */
    public static DemoRun start(SuiteStores stores, FunctionSettings functions, Settings settings, String host,
            int port, int threads, LoopListener out, Clock clock) {
        DemoRun demo = new DemoRun(stores, functions, settings, out, clock);
        try {
            demo.begin(host, port, threads);
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void begin(String host, int port, int threads) {
        server = suite.serve(host, port, threads);
        for (int i = 0; i < settings.historyDays(); i++) {
            writeDay();
        }
        Retrainer.Result first = suite.functions().trainFirstVersion(ChurnData.MODEL,
                new DatasetWindow.LastPartitions(settings.historyDays()));
        out.retrainFinished(first.report().runId(), first);
        if (first.report().status() != RetrainReport.Status.PROMOTED) {
            throw new IllegalStateException("the first model could not be trained: " + first.report().message());
        }
        firstVersion = first.report().candidate().version();
        probe(firstVersion);
        URI local = URI.create("http://127.0.0.1:" + server.baseUri().getPort());
        feeder = new LabelFeeder(http, local, ChurnData.MODEL, LABELLED_SHARE, settings.seed(), clock);
        driver = new TrafficDriver(http, local, ChurnData.MODEL, data, settings.customersPerInterval(),
                settings.shiftAtInterval(), MAX_INTERVALS, feeder::accept, clock, settings.noisyDay());
        long interval = settings.interval().toMillis();
        long now = clock.millis();
        long firstInterval = now - Math.floorMod(now, interval) + interval;
        suite.loop(new LoopSettings(List.of(ChurnData.MODEL), settings.interval(), new DatasetWindow.LastPartitions(1),
                // The drift check stays off: a capture run of evaluate joins the labels it finds as a traffic run
                // does, and its quality figures on a half-labelled window would feed the quality alarms.
                Map.of(), LoopSettings.TrafficSchedule.everyInterval(settings.interval(),
                        Instant.ofEpochMilli(firstInterval))).withConfig(settings.config()),
                firstInterval - now + interval / 2);
        scheduleIntervals(firstInterval - now, interval);
    }

    // nextInterval reports its own failures, so the schedule's future never carries an exception to read;
    // close() ends the schedule by shutting the executor down.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void scheduleIntervals(long firstDelayMillis, long intervalMillis) {
        intervals.scheduleAtFixedRate(this::nextInterval, firstDelayMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** One interval: the labels of the previous interval's predictions, then this interval's requests. */
    private void nextInterval() {
        try {
            out.labelsSent(feeder.release());
            if (driver.hasNext()) {
                TrafficDriver.Sent sent = driver.sendInterval();
                tracker.trafficSent(sent);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.problem("could not send the next interval of traffic: " + e);
        }
    }

    public PredictHttpServer server() {
        return server;
    }

    public LocalSuite suite() {
        return suite;
    }

    /** Completes when the alarms that started a retrain are OK again on the version it promoted. */
    public CompletableFuture<Closed> closed() {
        return closed;
    }

    /**
     * With {@code badCandidate}: completes when the retrain-trigger has rolled the bad candidate back and predict
     * answers with the restored version; never completes otherwise.
     */
    public CompletableFuture<RolledBack> rolledBack() {
        return rolledBack;
    }

    /** What {@code --until-closed} waits for: the loop closed, and with {@code badCandidate} the rollback too. */
    public CompletableFuture<?> finished() {
        return settings.badCandidate() ? rolledBack : closed;
    }

    /** Promotes the first version again, on purpose: it predates the shift, so its quality alarm will fire. */
    private void promoteBadCandidate(String over) {
        String reason = "vigil demo --bad-candidate: " + firstVersion + " predates the shift and is promoted over "
                + over + " on purpose, so that its quality alarm fires inside the watch window";
        try {
            suite.functions().registry().promote(ChurnData.MODEL, firstVersion, reason);
            out.promoted(ChurnData.MODEL, firstVersion, reason);
        } catch (RuntimeException e) {
            out.problem("could not promote the bad candidate " + firstVersion + ": " + e);
        }
    }

    /** The curl command that asks the demo's predict API about {@link #EXAMPLE}. */
    public String curl() {
        return "curl -s -X POST " + server.baseUri() + "/v1/models/" + ChurnData.MODEL
                + ":predict -H 'content-type: application/json' -d '" + EXAMPLE + "'";
    }

    private void writeDay() {
        ChurnData.Day day = data.next();
        stores.data().put(day.key(), day.csv(), "text/csv");
        out.dayWritten(day, SuiteStores.display(stores.data(), day.key()));
    }

    /** Asks the predict API until it answers with {@code version} (the champion cache's TTL may delay it). */
    private void probe(String version) {
        URI uri = URI.create(server.baseUri() + "/v1/models/" + ChurnData.MODEL + ":predict");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(EXAMPLE)).build();
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                String served = Json.MAPPER.readTree(response.body()).path("model_version").asText(null);
                if (response.statusCode() == 200 && version.equals(served)) {
                    out.served(ChurnData.MODEL, served, curl());
                    return;
                }
                Thread.sleep(200);
            } catch (IOException e) {
                out.problem("predict did not answer: " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        out.problem("predict still does not serve " + version + " a minute after its promotion");
    }

    @Override
    public void close() {
        intervals.shutdownNow();
        try {
            intervals.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        suite.close();
    }

    /** Passes every event on, and follows the incident: which alarms asked for a retrain, what it promoted. */
    private final class Tracker implements LoopListener {
        private final Set<String> alarmed = new HashSet<>();
        private final Set<String> announced = new HashSet<>();
        private Instant firstAlarm;
        private String promoted;
        private TriggerDecision rollback;

        @Override
        public void evaluated(RunOutcome outcome) {
            out.evaluated(outcome);
        }

        @Override
        public void evaluationFailed(String model, String message) {
            out.evaluationFailed(model, message);
        }

        @Override
        public void alarmChanged(AlarmTransition transition) {
            out.alarmChanged(transition);
            Closed done = null;
            synchronized (this) {
                if (transition.startsRetrain()) {
                    alarmed.add(transition.alarmName());
                    firstAlarm = firstAlarm == null ? transition.at() : firstAlarm;
                } else if (transition.to() == AlarmState.OK && alarmed.remove(transition.alarmName())
                        && alarmed.isEmpty() && promoted != null) {
                    done = new Closed(promoted, Duration.between(firstAlarm, transition.at()));
                }
            }
            if (done != null && !closed.isDone()) {
                out.loopClosed(ChurnData.MODEL, done.version(), done.sinceAlarm());
                closed.complete(done);
                if (settings.badCandidate()) {
                    promoteBadCandidate(done.version());
                }
            }
        }

        @Override
        public void retrainDecided(TriggerDecision decision) {
            out.retrainDecided(decision);
            if (decision.rolledBack()) {
                synchronized (this) {
                    rollback = rollback == null ? decision : rollback;
                }
            }
        }

        @Override
        public void retrainStarted(String executionId, RetrainRequest request) {
            out.retrainStarted(executionId, request);
        }

        @Override
        public void retrainFinished(String executionId, Retrainer.Result result) {
            out.retrainFinished(executionId, result);
            if (result.report().status() == RetrainReport.Status.PROMOTED) {
                String version = result.report().candidate().version();
                synchronized (this) {
                    promoted = version;
                }
            }
        }

        @Override
        public void trafficJudged(TrafficJudgement judgement) {
            out.trafficJudged(judgement);
        }

        @Override
        public void captureChecked(RunOutcome outcome) {
            out.captureChecked(outcome);
        }

        /** Passes the interval on; the first interval answered by the promoted version says it is served. */
        @Override
        public void trafficSent(TrafficDriver.Sent sent) {
            out.trafficSent(sent);
            String now;
            TriggerDecision restored;
            synchronized (this) {
                now = promoted != null && !announced.contains(promoted) && sent.served().containsKey(promoted)
                        ? promoted : null;
                if (now != null) {
                    announced.add(now);
                }
                restored = rollback != null && !rolledBack.isDone() && sent.served().keySet().equals(
                        Set.of(rollback.rolledBackTo())) ? rollback : null;
            }
            if (now != null) {
                out.served(ChurnData.MODEL, now, curl());
            }
            if (restored != null) {
                out.served(ChurnData.MODEL, restored.rolledBackTo(), curl());
                rolledBack.complete(new RolledBack(restored.rolledBackFrom(), restored.rolledBackTo(),
                        restored.alarm()));
            }
        }

        @Override
        public void problem(String message) {
            out.problem(message);
        }
    }
}
