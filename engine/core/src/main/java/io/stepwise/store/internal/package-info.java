/**
 * The JDBC (jdbi) implementation of the run store: dialects, schema migrations, leases. Not for use
 * outside {@code io.stepwise.store}; open a store with {@link io.stepwise.store.RunStores}.
 */
package io.stepwise.store.internal;
