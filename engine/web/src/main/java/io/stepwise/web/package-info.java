/** The web console ({@code stepwise serve}): pages over the run store, sign-in, decisions from a browser. */
package io.stepwise.web;
