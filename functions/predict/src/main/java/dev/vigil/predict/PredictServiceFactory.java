package dev.vigil.predict;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.CaptureKeySources;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.capture.CaptureKeyFailure;
import dev.vigil.capture.CaptureKeyListener;
import dev.vigil.capture.CaptureKeyRefresher;
import dev.vigil.capture.CaptureKeySource;
import dev.vigil.capture.CaptureSink;
import dev.vigil.capture.PredictionCapture;
import dev.vigil.capture.StdoutCaptureSink;
import dev.vigil.model.ModelRef;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.ModelRejectedException;
import dev.vigil.registry.RegistryException;
import dev.vigil.serving.ChampionCache;
import dev.vigil.serving.ChampionSource;
import dev.vigil.serving.PredictionIds;
import dev.vigil.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a {@link PredictService} to a model store: S3 in Lambda, any {@link BlobStore} locally and in tests. */
public final class PredictServiceFactory {
    private static final Logger LOG = LoggerFactory.getLogger(PredictServiceFactory.class);

    private PredictServiceFactory() {}

    /**
     * Where a service's capture records go, where its pseudonymisation key comes from, and the clock of
     * {@code served_at}.
     *
     * @param sink makes the sink, given the listener it reports records dropped after a write to
     */
    public record CaptureWiring(CaptureKeySource keys, Function<CaptureSink.DropListener, CaptureSink> sink,
            Clock clock) {
        public CaptureWiring {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(clock, "clock");
        }

        /** On the system clock. */
        public CaptureWiring(CaptureKeySource keys, Function<CaptureSink.DropListener, CaptureSink> sink) {
            this(keys, sink, Clock.systemUTC());
        }

        /** Capture lines on stdout, as in Lambda. */
        public static CaptureWiring stdout(CaptureKeySource keys) {
            return new CaptureWiring(keys, drops -> new StdoutCaptureSink());
        }
    }

    /** How often the Lambda path reads the capture key again, besides once after each SnapStart restore. */
    static final Duration KEY_REFRESH_INTERVAL = Duration.ofMinutes(15);

    /**
     * The Lambda wiring: S3, capture on stdout, and the key {@code VIGIL_CAPTURE_KEY_SECRET} names (read now, in the
     * snapshot, then every 15 minutes on a daemon thread).
     */
    static PredictService create(PredictConfig config, LabelsConfig labels) {
        CaptureKeySource keys = CaptureKeySource.none();
        String reference = config.capture().keySecret();
        if (reference != null) {
            // a reference that names neither a secret ARN nor ssm:<parameter> stops init, saying what is accepted
            keys = CaptureKeySources.fromReference(reference, new KeyLog());
            CaptureKeyRefresher.start(keys, KEY_REFRESH_INTERVAL); // daemon; lives as long as the container
        }
        S3BlobStore data = labels.dataBucket() == null ? null : new S3BlobStore(AwsClients.s3(), labels.dataBucket());
        return create(new S3BlobStore(AwsClients.s3(), config.modelsBucket()), config, CaptureWiring.stdout(keys),
                data, labels);
    }

    /** Logs what the capture key source read: a new version at INFO, a failed read at WARN. */
    private static final class KeyLog implements CaptureKeyListener {
        @Override
        public void keyChanged(String source, Optional<String> previousVersion, String version) {
            LOG.info("capture key version {} read from {} (was {})", version, source, previousVersion.orElse("none"));
        }

        @Override
        public void readFailed(CaptureKeyFailure failure) {
            LOG.warn(failure.logLine());
        }
    }

    /**
     * A service over {@code store} that captures to stdout, without a pseudonymisation key, and stores no labels
     * (the labels route answers 503).
     */
    public static PredictService create(BlobStore store, PredictConfig config) {
        return create(store, config, CaptureWiring.stdout(CaptureKeySource.none()));
    }

    /** A service over {@code store}, capturing as {@code capture} says, that stores no labels. */
    public static PredictService create(BlobStore store, PredictConfig config, CaptureWiring capture) {
        return create(store, config, capture, null, LabelsConfig.NOT_CONFIGURED);
    }

    /** A service over {@code store} that captures to stdout and stores labels in {@code data}. */
    public static PredictService create(BlobStore store, PredictConfig config, BlobStore data, LabelsConfig labels) {
        return create(store, config, CaptureWiring.stdout(CaptureKeySource.none()), data, labels);
    }

    /**
     * A service over the models in {@code store}, capturing as {@code capture} says, storing labels in {@code data}
     * (null: none, the labels route answers 503), with the given preloaded models loaded now (so init pays, not a
     * request).
     */
    public static PredictService create(BlobStore store, PredictConfig config, CaptureWiring capture, BlobStore data,
            LabelsConfig labels) {
        return create(store, config, capture, data, labels, PredictionIds.create());
    }

    /**
     * As {@link #create(BlobStore, PredictConfig, CaptureWiring, BlobStore, LabelsConfig)}, generating ids from
     * {@code ids}: a seeded source makes generated ids reproducible, as golden answers need.
     */
    static PredictService create(BlobStore store, PredictConfig config, CaptureWiring capture, BlobStore data,
            LabelsConfig labels, PredictionIds ids) {
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        PredictMetrics metrics = new PredictMetrics(config.metricsNamespace());
        CaptureDrops drops = new CaptureDrops(metrics);
        PredictionCapture predictionCapture = PredictionCapture.builder()
                .policy(config.capture().policy())
                .buckets(config.capture().buckets())
                .maxRecordBytes(config.capture().maxRecordBytes())
                .keys(capture.keys())
                .sink(capture.sink().apply(drops))
                .drops(drops)
                .build();
        ChampionCache<ServedModel> cache = new ChampionCache<>(new RegistryModels(registry, config),
                config.championTtl(), new SwapReport(metrics));
        LabelsService labelsService = new LabelsService(model -> {
            try (ChampionCache.Lease<ServedModel> lease = cache.lease(model)) {
                return lease.model().manifest();
            }
        }, data, labels.maxLabels(), capture.clock(), metrics);
        PredictService service = new PredictService(cache, config, metrics, ids, predictionCapture,
                capture.clock(), labelsService);
        for (String model : config.preloadModels()) {
            try {
                cache.lease(model).close();
            } catch (RuntimeException e) {
                LOG.warn("could not preload model {}: {}", model, e.getMessage());
            }
        }
        return service;
    }

    /** Why a version could not be served, as a metric dimension: the registry's reason, or the loader's. */
    static String swapFailureReason(Exception cause) {
        if (cause instanceof RegistryException e) {
            return e.reason().name().toLowerCase(Locale.ROOT);
        }
        if (cause instanceof ModelRejectedException) {
            return "rejected";
        }
        return "unavailable";
    }

    /** Champion versions read from the registry, and each version loaded as a {@link ServedModel}. */
    private static final class RegistryModels implements ChampionSource<ServedModel> {
        private final ModelRegistry registry;
        private final PredictConfig config;

        RegistryModels(ModelRegistry registry, PredictConfig config) {
            this.registry = registry;
            this.config = config;
        }

        @Override
        public Optional<String> championVersion(String model) {
            return registry.champion(model).map(ChampionPointer::ref).map(ModelRef::version);
        }

        @Override
        public ServedModel load(String model, String version) {
            // checked against its manifest and the digest its champion pointer recorded at promotion
            var artifact = registry.loadArtifact(new ModelRef(model, version));
            return new ServedModel(OnnxModel.load(artifact, config.session()), config.maxInstances());
        }
    }

    /** Logs every champion swap; a failed one is also counted, since the last good version goes on serving. */
    private static final class SwapReport implements ChampionCache.Listener {
        private final PredictMetrics metrics;

        SwapReport(PredictMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void swapped(String model, String from, String to, long loadMillis) {
            LOG.info("serving model {} version {} (was {}), loaded in {} ms", model, to, from, loadMillis);
        }

        @Override
        public void swapFailed(String model, String version, String servingVersion, Exception cause) {
            String reason = swapFailureReason(cause);
            LOG.error("could not load model {} version {} (reason={}); {}: {}", model, version, reason,
                    servingVersion == null ? "no version to serve, requests get 503"
                            : "still serving version " + servingVersion, cause.getMessage());
            metrics.swapFailed(model, reason);
        }
    }
}
