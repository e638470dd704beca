package io.stepwise.view;

import java.io.BufferedReader;
import java.io.Console;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A person at a terminal: prompts on the console and reads the answer. */
public final class ConsoleOperator implements Operator {
    private final Console console;
    private final BufferedReader in;
    private final Screen screen;
    private final String who;

    public ConsoleOperator(Console console, Screen screen, String who) {
        this.console = console;
        this.in = new BufferedReader(console.reader());
        this.screen = screen;
        this.who = who;
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public String who() {
        return who;
    }

    @Override
    public Answer askManual(String stepId, String host, String instructions, Duration timeout) {
        while (true) {
            String line = ask("  " + stepId + " on " + host + ": [c]onfirm, [r]eject, [p]ause? ", timeout);
            if (line == null) {
                return Answer.of(timeout == null ? Answer.Kind.PAUSE : Answer.Kind.TIMEOUT);
            }
            String a = line.trim().toLowerCase(Locale.ROOT);
            if (a.startsWith("c")) {
                return new Answer(Answer.Kind.CONFIRM, blankToNull(ask("  note (optional): ", null)));
            }
            if (a.startsWith("r")) {
                String note = null;
                while (note == null) {
                    note = blankToNull(ask("  why (a note is required): ", null));
                }
                return new Answer(Answer.Kind.REJECT, note);
            }
            if (a.startsWith("p")) {
                return Answer.of(Answer.Kind.PAUSE);
            }
        }
    }

    @Override
    public Answer askOptional(String stepId, String title) {
        while (true) {
            String line = ask("  run optional step " + stepId + "? [y]es, [n]o (skip), [p]ause: ", null);
            if (line == null) {
                return Answer.of(Answer.Kind.PAUSE);
            }
            String a = line.trim().toLowerCase(Locale.ROOT);
            if (a.startsWith("y")) {
                return Answer.of(Answer.Kind.RUN);
            }
            if (a.startsWith("n")) {
                return Answer.of(Answer.Kind.SKIP);
            }
            if (a.startsWith("p")) {
                return Answer.of(Answer.Kind.PAUSE);
            }
        }
    }

    private String ask(String prompt, Duration timeout) {
        console.printf("%s", prompt);
        console.flush();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        });
        try {
            return timeout == null ? line.get() : line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            screen.line("");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
