/**
 * Text rules every stage shares and that need nothing else: the {@code {{name}}} template syntax with its
 * quoting for shell, SQL and display ({@link io.stepwise.text.Template}), secret masking, and durations
 * as written in procedures ({@link io.stepwise.text.Durations}). Depends on no other Stepwise package.
 */
package io.stepwise.text;
