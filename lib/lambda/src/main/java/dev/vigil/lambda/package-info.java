/**
 * Lambda support shared by the functions and the tools that call their handlers directly.
 *
 * <p>Holds {@link dev.vigil.lambda.InvocationContext}, the one {@code Context} for a handler call that Vigil makes
 * itself rather than the Lambda runtime: SnapStart priming, the local runner, tests and benchmarks. Its request id,
 * function name and remaining time are what such a call reports; its logger writes to stdout.
 */
package dev.vigil.lambda;
