/**
 * Build-time generators for the distribution archive: bash/zsh completion and man pages, both derived
 * from the picocli model of the commands, so they never drift from {@code --help}. Run by the build
 * ({@code exec-maven-plugin}); not used by the CLI at run time.
 */
package io.stepwise.cli.dist;
