package io.stepwise.web;

/** Versions of what the console serves from jars, kept in step with the POM by a test. */
final class Versions {
    /** The htmx webjar's version (org.webjars.npm:htmx.org). */
    static final String HTMX = "2.0.10";

    private Versions() {
    }
}
