package io.stepwise.view;

import java.io.BufferedReader;
import java.io.Console;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A person at a terminal: prompts on the console and reads the answer. One reader thread feeds typed lines
 * to the prompts, so a prompt given up (a decision came from another channel) leaves no read behind that
 * would swallow the next answer.
 */
public final class ConsoleOperator implements Operator {
    private static final long TICK_MS = 200;
    private static final String EOF = "\u0000eof";

    private final Console console;
    private final Screen screen;
    private final String who;
    private final String login;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Thread reader;

    public ConsoleOperator(Console console, Screen screen, String who) {
        this(console, screen, who, System.getProperty("user.name"));
    }

    public ConsoleOperator(Console console, Screen screen, String who, String login) {
        this.console = console;
        this.screen = screen;
        this.who = who;
        this.login = login;
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
    public String login() {
        return login;
    }

    @Override
    public Answer askManual(String stepId, String host, String instructions, Duration timeout) {
        return manual(stepId, host, timeout, new CompletableFuture<>());
    }

    @Override
    public CompletableFuture<Answer> askManualAsync(String stepId, String host, String instructions,
                                                    Duration timeout) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            Answer a = manual(stepId, host, timeout, answer);
            answer.complete(a);
        }, "stepwise-prompt");
        t.setDaemon(true);
        t.start();
        return answer;
    }

    private Answer manual(String stepId, String host, Duration timeout, CompletableFuture<Answer> given) {
        while (true) {
            String line = ask("  " + stepId + " on " + host + ": [c]onfirm, [r]eject, [p]ause? ", timeout, given);
            if (given.isDone()) {
                return Answer.of(Answer.Kind.PAUSE);
            }
            if (line == null) {
                return Answer.of(timeout == null ? Answer.Kind.PAUSE : Answer.Kind.TIMEOUT);
            }
            String a = line.trim().toLowerCase(Locale.ROOT);
            if (a.startsWith("c")) {
                String note = blankToNull(ask("  note (optional): ", null, given));
                return given.isDone() ? Answer.of(Answer.Kind.PAUSE) : new Answer(Answer.Kind.CONFIRM, note);
            }
            if (a.startsWith("r")) {
                String note = null;
                while (note == null && !given.isDone()) {
                    note = blankToNull(ask("  why (a note is required): ", null, given));
                }
                return given.isDone() ? Answer.of(Answer.Kind.PAUSE) : new Answer(Answer.Kind.REJECT, note);
            }
            if (a.startsWith("p")) {
                return Answer.of(Answer.Kind.PAUSE);
            }
            screen.line("  please answer c (confirm: it is done and correct), r (reject, with a note why) or p (pause"
                    + " the run; decide later with stepwise confirm/reject)");
        }
    }

    @Override
    public Answer askOptional(String stepId, String title) {
        while (true) {
            String line = ask("  run optional step " + stepId + "? [y]es, [n]o (skip), [p]ause: ", null, null);
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
            screen.line("  please answer y (run the step), n (skip it) or p (pause the run; choose later with"
                    + " stepwise confirm/reject)");
        }
    }

    /** The next typed line; null at end of input, after {@code timeout}, or once {@code cancel} is done. */
    private String ask(String prompt, Duration timeout, CompletableFuture<Answer> cancel) {
        console.printf("%s", prompt);
        console.flush();
        startReader();
        long waited = 0;
        try {
            while (true) {
                String line = lines.poll(TICK_MS, TimeUnit.MILLISECONDS);
                if (line != null) {
                    if (line.equals(EOF)) {
                        lines.offer(EOF);
                        return null;
                    }
                    return line;
                }
                waited += TICK_MS;
                if (cancel != null && cancel.isDone()) {
                    screen.line("");
                    return null;
                }
                if (timeout != null && waited >= timeout.toMillis()) {
                    screen.line("");
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private synchronized void startReader() {
        if (reader != null) {
            return;
        }
        BufferedReader in = new BufferedReader(console.reader());
        reader = new Thread(() -> {
            try {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.offer(l);
                }
            } catch (java.io.IOException e) {
                // end of the terminal: the prompt sees EOF
            }
            lines.offer(EOF);
        }, "stepwise-console");
        reader.setDaemon(true);
        reader.start();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
