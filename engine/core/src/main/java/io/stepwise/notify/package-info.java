/**
 * Notifications: webhooks and a command told when a run waits for a person, a step fails or is in doubt,
 * and when a run finishes or is abandoned. Deliveries run in the background with a timeout and retries,
 * never block or fail a run, carry no secret, and are recorded in the run's history.
 */
package io.stepwise.notify;
