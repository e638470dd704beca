package io.stepwise.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * A kill point for {@code stepwise rehearse}: when the engine reaches the named step at the named phase, it
 * writes its pid to a file and stops there, so the rehearsal's driver SIGKILLs it at exactly that point
 * (no timing involved). Set only by the driver, through {@link #STEP_ENV} ({@code STEP:PHASE}) and
 * {@link #FILE_ENV}; without them it does nothing.
 */
public final class Hold {
    /** {@code STEP:started|ran|done}. */
    public static final String STEP_ENV = "STEPWISE_REHEARSE_HOLD";
    /** Where the engine writes its pid once it holds. */
    public static final String FILE_ENV = "STEPWISE_REHEARSE_HOLD_FILE";
    /** An engine whose driver went away (or never kills it) stops by itself at the latest after this. */
    private static final long LIMIT_MS = 30 * 60 * 1000L;
    static final Hold NONE = new Hold(null, null, null);

    /** Where in a step the engine stops. */
    public enum Phase {
        /** "running" is recorded; the action has not begun. */
        STARTED,
        /** The action has ended; its outcome is not yet recorded (the step is in doubt if the engine dies). */
        RAN,
        /** The step's outcome (done) is recorded. */
        DONE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String step;
    private final Phase phase;
    private final Path file;

    private Hold(String step, Phase phase, Path file) {
        this.step = step;
        this.phase = phase;
        this.file = file;
    }

    /** The hold the environment asks for, or none. */
    public static Hold from(Map<String, String> env) {
        String spec = env.get(STEP_ENV);
        String file = env.get(FILE_ENV);
        if (spec == null || file == null || spec.lastIndexOf(':') < 1) {
            return NONE;
        }
        int at = spec.lastIndexOf(':');
        Phase phase = Phase.valueOf(spec.substring(at + 1).toUpperCase(Locale.ROOT));
        return new Hold(spec.substring(0, at), phase, Path.of(file));
    }

    /** The environment that makes an engine hold at {@code step} in {@code phase}, writing to {@code file}. */
    public static Map<String, String> env(String step, Phase phase, Path file) {
        return Map.of(STEP_ENV, step + ":" + phase.word(), FILE_ENV, file.toString());
    }

    /** Whether this hold stops at {@code stepId} in {@code here}. */
    boolean stopsAt(String stepId, Phase here) {
        return step != null && step.equals(stepId) && phase == here;
    }

    /** Stops here for good when this is the hold's step and phase. */
    void at(String stepId, Phase here) {
        if (step == null || !step.equals(stepId) || phase != here) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + " " + stepId + " " + here.word() + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            // the driver kills this process now; should the driver itself die first, stop with it
            var driver = ProcessHandle.current().parent();
            long end = System.currentTimeMillis() + LIMIT_MS;
            while (System.currentTimeMillis() < end && driver.map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(137); // as if killed: nothing more is recorded
    }
}
