package dev.vigil.report;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.registry.ChampionPointer;
import java.util.List;
import java.util.Objects;

/**
 * What is known of one model at one moment, read from the registry and the reports store: what its page
 * ({@link ModelPage}) is rendered from.
 *
 * @param model model name
 * @param task what it predicts (the champion's, else the newest version's); null when no version is registered
 * @param champion its champion pointer, or null when none was promoted
 * @param versions every registered version, oldest first
 * @param index its run index
 * @param retrains its retraining runs, oldest first
 * @param rules the alarm rules of the model
 * @param thresholds where the rules' thresholds come from, for people ("Vigil's defaults", "--threshold")
 * @param rulesProblem why there are no rules (a threshold a task needs is missing), or null
 */
public record ModelSnapshot(String model, Task task, ChampionPointer champion, List<ModelManifest> versions,
        RunIndex index, List<RetrainOutcome> retrains, List<AlarmRule> rules, String thresholds,
        String rulesProblem) {

    public ModelSnapshot {
        Objects.requireNonNull(model, "model");
        versions = versions == null ? List.of() : List.copyOf(versions);
        index = index == null ? RunIndex.empty(model) : index;
        retrains = retrains == null ? List.of() : List.copyOf(retrains);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * The run the model's status is read from: the newest run of the champion when it has one, else the newest
     * run; null before any run.
     */
    public RunIndex.Entry latestRun() {
        List<RunIndex.Entry> runs = index.runs();
        for (int i = runs.size() - 1; i >= 0; i--) {
            RunIndex.Entry e = runs.get(i);
            if (e.champion() && (champion == null || champion.version().equals(e.version()))) {
                return e;
            }
        }
        return runs.isEmpty() ? null : runs.getLast();
    }

    /**
     * Every rule as its alarm stands after the champion's runs ({@link AlarmCheck#latest}); empty before any run of
     * the champion.
     */
    public List<AlarmCheck> checks() {
        return index.runs().stream().noneMatch(RunIndex.Entry::champion) ? List.of()
                : AlarmCheck.latest(rules, index.runs());
    }

    /** An empty snapshot of {@code model}, to fill in. */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** Builds a {@link ModelSnapshot}; component meanings are the record's. */
    public static final class Builder {
        private final String model;
        private Task task;
        private ChampionPointer champion;
        private List<ModelManifest> versions;
        private RunIndex index;
        private List<RetrainOutcome> retrains;
        private List<AlarmRule> rules;
        private String thresholds;
        private String rulesProblem;

        private Builder(String model) {
            this.model = model;
        }

        public Builder task(Task task) {
            this.task = task;
            return this;
        }

        public Builder champion(ChampionPointer champion) {
            this.champion = champion;
            return this;
        }

        public Builder versions(List<ModelManifest> versions) {
            this.versions = versions;
            return this;
        }

        public Builder index(RunIndex index) {
            this.index = index;
            return this;
        }

        public Builder retrains(List<RetrainOutcome> retrains) {
            this.retrains = retrains;
            return this;
        }

        public Builder rules(List<AlarmRule> rules) {
            this.rules = rules;
            return this;
        }

        public Builder thresholds(String thresholds) {
            this.thresholds = thresholds;
            return this;
        }

        public Builder rulesProblem(String rulesProblem) {
            this.rulesProblem = rulesProblem;
            return this;
        }

        public ModelSnapshot build() {
            return new ModelSnapshot(model, task, champion, versions, index, retrains, rules, thresholds,
                    rulesProblem);
        }
    }
}
