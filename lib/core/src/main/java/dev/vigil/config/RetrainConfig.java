package dev.vigil.config;

import dev.vigil.retrain.RetrainBackend;
import dev.vigil.settings.VigilSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which backend the retrain-trigger uses, its target, the per-model cooldown between retrains, and how long a new
 * champion is watched for a quality alarm that rolls it back.
 *
 * @param backend default {@code stepfunctions}: with no target, Vigil's own retraining workflow, which trains,
 *     validates and promotes or rejects with no code of the user's; {@code dry-run} decides and starts nothing
 * @param target pipeline name, state machine ARN or event bus name/ARN; absent for dry-run and for the built-in
 *     workflow
 * @param cooldown minimum time between two retrains of one model ({@code VIGIL_RETRAIN_COOLDOWN}'s default when
 *     absent)
 * @param rollbackWindow a quality alarm this soon after a promotion rolls the champion back to the previous one
 *     ({@code VIGIL_ROLLBACK_WINDOW}'s default, PT24H, when absent; PT0S turns rollback off)
 * @param trainer what fits candidates in the retraining workflow: the built-in trainer when absent on AWS; the local
 *     runner retrains only when it is set ({@link #trainerConfigured})
 */
public record RetrainConfig(RetrainBackend backend, String target, Duration cooldown, Duration rollbackWindow,
                            TrainerConfig trainer) {
    private static final Pattern PIPELINE_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}");
    private static final Pattern STATE_MACHINE_ARN =
            Pattern.compile("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}");
    private static final Pattern EVENT_BUS_NAME = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}");
    private static final Pattern EVENT_BUS_ARN =
            Pattern.compile("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[/.\\-_A-Za-z0-9]{1,256}");

    public RetrainConfig {
        backend = backend == null ? RetrainBackend.STEP_FUNCTIONS : backend;
        target = target == null || target.isBlank() ? null : target.strip();
        cooldown = cooldown == null ? VigilSettings.RETRAIN_COOLDOWN.defaultValue() : cooldown;
        rollbackWindow = rollbackWindow == null ? VigilSettings.ROLLBACK_WINDOW.defaultValue() : rollbackWindow;
    }

    /** What fits candidates: the configured trainer, or the built-in one when none is configured. */
    @Override
    public TrainerConfig trainer() {
        return trainer == null ? TrainerConfig.defaults() : trainer;
    }

    /** Whether {@code retrain.trainer} names a trainer (the local runner retrains a model only then). */
    public boolean trainerConfigured() {
        return trainer != null;
    }

    /** Whether runs go to the retraining workflow this stack creates (stepfunctions without a target). */
    public boolean builtInWorkflow() {
        return backend == RetrainBackend.STEP_FUNCTIONS && target == null;
    }

    static RetrainConfig defaults() {
        return new RetrainConfig(null, null, null, null, null);
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        switch (backend) {
            case DRY_RUN -> {
                if (target != null) {
                    problems.add("retrain.target must be empty for the dry-run backend (it starts nothing): " + target);
                }
            }
            case SAGEMAKER -> requireTarget(problems, PIPELINE_NAME, null, "a SageMaker pipeline name");
            case STEP_FUNCTIONS -> {
                if (target != null) {
                    requireTarget(problems, STATE_MACHINE_ARN, null, "empty (Vigil's retraining workflow) or a"
                            + " state machine ARN (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)");
                }
            }
            case EVENTBRIDGE -> requireTarget(problems, EVENT_BUS_NAME, EVENT_BUS_ARN,
                    "an event bus name or ARN (use \"default\" for the account's default bus)");
        }
        VigilSettings.RETRAIN_COOLDOWN.problem(cooldown).ifPresent(p -> problems.add("retrain.cooldown: " + p));
        VigilSettings.ROLLBACK_WINDOW.problem(rollbackWindow)
                .ifPresent(p -> problems.add("retrain.rollbackWindow: " + p));
        problems.addAll(trainer().problems());
        return problems;
    }

    private void requireTarget(List<String> problems, Pattern shape, Pattern alternative, String expected) {
        if (target == null) {
            problems.add("retrain.target is required for the " + backend.id() + " backend: " + expected);
        } else if (!shape.matcher(target).matches()
                && (alternative == null || !alternative.matcher(target).matches())) {
            problems.add("retrain.target for the " + backend.id() + " backend must be " + expected + ": " + target);
        }
    }
}
