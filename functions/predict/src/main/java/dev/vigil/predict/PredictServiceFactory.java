package dev.vigil.predict;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.model.ModelRef;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.ModelRejectedException;
import dev.vigil.registry.RegistryException;
import dev.vigil.serving.ChampionCache;
import dev.vigil.serving.ChampionSource;
import dev.vigil.storage.BlobStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a {@link PredictService} to a model store: S3 in Lambda, any {@link BlobStore} locally and in tests. */
public final class PredictServiceFactory {
    private static final Logger LOG = LoggerFactory.getLogger(PredictServiceFactory.class);

    private PredictServiceFactory() {}

    static PredictService create(PredictConfig config, LabelsConfig labels) {
        S3BlobStore data = labels.dataBucket() == null ? null : new S3BlobStore(AwsClients.s3(), labels.dataBucket());
        return create(new S3BlobStore(AwsClients.s3(), config.modelsBucket()), config, data, labels);
    }

    /** A service over the models in {@code store} that stores no labels (the labels route answers 503). */
    public static PredictService create(BlobStore store, PredictConfig config) {
        return create(store, config, null, LabelsConfig.NOT_CONFIGURED);
    }

    /**
     * A service over the models in {@code store}, storing labels in {@code data} (null: none, the labels route
     * answers 503), with the given preloaded models loaded now (so init pays, not a request).
     */
    public static PredictService create(BlobStore store, PredictConfig config, BlobStore data, LabelsConfig labels) {
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        PredictMetrics metrics = new PredictMetrics(config.metricsNamespace());
        ChampionCache<ServedModel> cache = new ChampionCache<>(new RegistryModels(registry, config),
                config.championTtl(), new SwapReport(metrics));
        LabelsService labelsService = new LabelsService(model -> {
            try (ChampionCache.Lease<ServedModel> lease = cache.lease(model)) {
                return lease.model().manifest();
            }
        }, data, labels.maxLabels(), Clock.systemUTC(), metrics);
        PredictService service = new PredictService(cache, config, metrics, labelsService);
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
