/**
 * Small helpers for the work Vigil runs beside the caller's thread (report and page writes, slice reports):
 * {@link dev.vigil.concurrent.Futures#joined} waits and rethrows the work's own exception.
 */
package dev.vigil.concurrent;
