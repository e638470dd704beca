package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.stepwise.model.Procedure;
import io.stepwise.plan.GraphExport;
import io.stepwise.plan.Planner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid procedures and inventories (drop, duplicate, swap and re-indent lines, retype values,
 * random bytes, truncation) and checks that loading never throws anything but {@link LoadException}
 * and never takes a second of CPU. The seed is printed; rerun a failure with {@code -Dfuzz.seed=N}.
 */
class FuzzTest {
    static final int CASES = Integer.getInteger("fuzz.cases", 2500);
    static final String[] VALUES = {"", "~", "0", "-1", "99999999999999999999", "true", "no", "[]", "{}", "[1, [2, {a: b}]]",
        "{run: x}", "\"{{\"", "'{{x}}'", "{{", "}}", "\"{{roles.primary.address}}\"", "*a", "&a x", "!!str x", "!!java.io.File x",
        "|\n  block", ">-", "\"\\u0000\"", "\u2018q\u2019", "\u2013x", "10", "10m", "1h30m", "\"(\"", "\"(a)(b)\"", "@", "`", "%", "- x",
        "? x", "\"" + "y".repeat(5000) + "\"", "[" + "[".repeat(60), "x: y: z", "'unterminated", "\"\\x\""};

    @Test
    void onlyLoadExceptionEscapesAndEveryCaseIsFast() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzTest seed: " + seed + " (rerun with -Dfuzz.seed=" + seed + "), cases: " + CASES);
        Random random = new Random(seed);
        List<String[]> corpus = new ArrayList<>();
        for (String f : List.of("examples/quickstart.yaml", "examples/local.yaml")) {
            corpus.add(new String[] {f, Files.readString(Repo.root().resolve(f), StandardCharsets.UTF_8)});
        }
        Path valid = Path.of(FuzzTest.class.getResource("/valid").toURI());
        for (String f : List.of("resync.yaml", "inventory.yaml")) {
            corpus.add(new String[] {f, Files.readString(valid.resolve(f), StandardCharsets.UTF_8)});
        }
        var inventory = InventoryLoader.load(valid.resolve("inventory.yaml"));
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String[] c : corpus) {
            ProcedureLoader.parse("warm-up.yaml", c[1], inventory); // class loading and JIT out of the timings
        }
        long slowest = 0;
        int loaded = 0;
        for (int i = 0; i < CASES; i++) {
            String[] base = corpus.get(random.nextInt(corpus.size()));
            String text = mutate(base[1], random);
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            try {
                Loaded<?> l = FileKind.ofText(text) == FileKind.INVENTORY ? InventoryLoader.parse("fuzz.yaml", text)
                        : ProcedureLoader.parse("fuzz.yaml", text, random.nextBoolean() ? inventory : null);
                if (l.ok()) {
                    loaded++;
                    if (l.value() instanceof Procedure p) {
                        GraphExport.mermaid(p);
                        Planner.order(p);
                    }
                }
                l.problems().forEach(pr -> assertThat(pr.mark().line()).isPositive());
                l.orThrow();
            } catch (LoadException expected) {
                assertThat(expected.errors()).isNotEmpty();
            } catch (Throwable t) {
                fail("case " + i + " (seed " + seed + ", from " + base[0] + ") threw " + t + " on:\n" + text, t);
            }
            // CPU time, so that a busy machine (other builds, GC of other threads) does not fail the test;
            // wall time still catches a hang
            long ms = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            slowest = Math.max(slowest, ms);
            assertThat(ms).as("case %d (seed %d) took %d ms of CPU on:%n%s", i, seed, ms, text).isLessThan(1000);
            assertThat(wallMs).as("case %d (seed %d) took %d ms on:%n%s", i, seed, wallMs, text).isLessThan(10_000);
        }
        System.out.println("FuzzTest: " + CASES + " cases, " + loaded + " still valid, slowest " + slowest + " ms CPU");
        assertThat(loaded).as("some mutations keep the file valid").isPositive();
    }

    static String mutate(String text, Random r) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds && !lines.isEmpty(); k++) {
            int i = r.nextInt(lines.size());
            switch (r.nextInt(8)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, lines.get(i));
                case 2 -> {
                    int j = r.nextInt(lines.size());
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                }
                case 3 -> lines.set(i, r.nextBoolean() ? "  " + lines.get(i) : lines.get(i).replaceFirst("^  ", ""));
                case 4, 5 -> {
                    String line = lines.get(i);
                    int colon = line.indexOf(": ");
                    String v = VALUES[r.nextInt(VALUES.length)];
                    lines.set(i, colon < 0 ? line + v : line.substring(0, colon + 2) + v);
                }
                case 6 -> {
                    StringBuilder sb = new StringBuilder(lines.get(i));
                    int n = 1 + r.nextInt(4);
                    for (int b = 0; b < n; b++) {
                        char c = (char) (r.nextBoolean() ? r.nextInt(128) : r.nextInt(0x3000));
                        int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
                        sb.insert(at, c);
                    }
                    lines.set(i, sb.toString());
                }
                default -> {
                    String all = String.join("\n", lines);
                    return all.substring(0, r.nextInt(all.length() + 1));
                }
            }
        }
        return String.join("\n", lines);
    }
}
