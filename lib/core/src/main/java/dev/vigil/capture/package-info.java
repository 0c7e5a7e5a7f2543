/**
 * Capture of served predictions: what predict served, written as one record per prediction for the traffic join,
 * drift without labels and retraining on served inputs.
 *
 * <p>{@link dev.vigil.capture.IdHash} is the one hash of a prediction id: a prediction's bucket (how traffic is
 * split into shards) and its sampling decision both come from it, so every component that splits or samples by id
 * agrees. The record, its writer and reader, and the sinks are described in {@code docs/design/traffic-loop.md}.
 */
package dev.vigil.capture;
