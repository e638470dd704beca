/**
 * From a loaded procedure and inventory to a {@link io.stepwise.model.Plan}: graph order, per-host
 * expansion and fingerprints.
 */
package io.stepwise.plan;
