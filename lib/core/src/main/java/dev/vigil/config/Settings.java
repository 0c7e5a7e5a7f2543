package dev.vigil.config;

import dev.vigil.settings.VigilSettings;

/** Small groups of deployment settings, each with its defaults. */
public final class Settings {
    private Settings() {}

    /**
     * Stage throttling of the predict API.
     *
     * @param rateLimit steady requests per second, default 50
     * @param burstLimit bucket size for bursts, default 100
     */
    public record Api(Double rateLimit, Integer burstLimit) {
        public Api {
            rateLimit = rateLimit == null ? 50.0 : rateLimit;
            burstLimit = burstLimit == null ? 100 : burstLimit;
        }
    }

    /**
     * Reserved concurrency. Evaluate's cap keeps shard fan-out from starving predict and the account pool; the
     * retrain-trigger's cap keeps an alarm storm from hammering the retrain backend and audit table. Accounts with the
     * initial 10-execution quota cannot reserve anything: set {@code enabled} to false there.
     *
     * @param enabled default true
     * @param evaluate default 10
     * @param retrainTrigger default 2
     */
    public record Concurrency(Boolean enabled, Integer evaluate, Integer retrainTrigger) {
        public Concurrency {
            enabled = enabled == null || enabled;
            evaluate = evaluate == null ? 10 : evaluate;
            retrainTrigger = retrainTrigger == null ? 2 : retrainTrigger;
        }
    }

    /**
     * The shard-and-merge evaluation state machine.
     *
     * @param maxConcurrency shards evaluated at once, default 8 (below evaluate's reserved concurrency)
     */
    public record Sharding(Integer maxConcurrency) {
        public Sharding {
            maxConcurrency = maxConcurrency == null ? 8 : maxConcurrency;
        }
    }

    /**
     * Predict function settings passed as environment variables; absent, each takes its variable's default from
     * the settings catalog.
     *
     * @param championTtlSeconds how often the champion pointer is re-read ({@code VIGIL_CHAMPION_TTL_SECONDS})
     * @param maxInstances largest accepted batch ({@code VIGIL_MAX_INSTANCES})
     * @param maxBodyBytes largest accepted request body ({@code VIGIL_MAX_BODY_BYTES})
     */
    public record Predict(Integer championTtlSeconds, Integer maxInstances, Integer maxBodyBytes) {
        public Predict {
            championTtlSeconds = championTtlSeconds == null ? VigilSettings.CHAMPION_TTL_SECONDS.defaultValue()
                    : championTtlSeconds;
            maxInstances = maxInstances == null ? VigilSettings.MAX_INSTANCES.defaultValue() : maxInstances;
            maxBodyBytes = maxBodyBytes == null ? VigilSettings.MAX_BODY_BYTES.defaultValue() : maxBodyBytes;
        }
    }
}
