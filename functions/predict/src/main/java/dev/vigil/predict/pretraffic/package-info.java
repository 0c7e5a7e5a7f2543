/**
 * Predict's pre-traffic check: the CodeDeploy {@code BeforeAllowTraffic} hook that asks the version being deployed
 * for its health, one model's metadata and one prediction before any traffic shifts to it.
 *
 * <p>{@link dev.vigil.predict.pretraffic.PreTrafficHandler} is the only class Lambda knows (a second handler of
 * predict.jar); it wires {@link dev.vigil.predict.pretraffic.PreTrafficHook}, which reads CodeDeploy's event, finds
 * the target version in the deployment's AppSpec ({@link dev.vigil.predict.pretraffic.AppSpec}), runs
 * {@link dev.vigil.predict.pretraffic.PreTrafficCheck} and reports Succeeded or Failed. What an answer must be to pass
 * is in {@code PreTrafficCheck}; why a check fails is {@link dev.vigil.predict.pretraffic.CheckFailure}. The requests
 * are the sample events of {@code events/predict/}, packaged by the build ({@link
 * dev.vigil.predict.pretraffic.PreTrafficProbes}). The AWS calls are behind three small interfaces
 * ({@link dev.vigil.predict.pretraffic.DeploymentTargets}, {@link dev.vigil.predict.pretraffic.VersionInvoker},
 * {@link dev.vigil.predict.pretraffic.HookReporter}) so the core is plain Java.
 */
package dev.vigil.predict.pretraffic;
