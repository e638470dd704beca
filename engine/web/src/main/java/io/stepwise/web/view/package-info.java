/**
 * What the console's templates show: small immutable records built from the run store, every text already
 * made inert ({@link io.stepwise.web.view.Inert}) and escaped again by the template engine.
 */
package io.stepwise.web.view;
