/**
 * From a loaded procedure and inventory to a {@link io.stepwise.model.Plan}: graph order, per-host
 * expansion, fingerprints, and the templating rules ({@link io.stepwise.plan.Template}).
 */
package io.stepwise.plan;
