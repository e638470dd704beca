package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.stepwise.store.RunEvent;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.RunStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 60-step procedure killed with SIGKILL at random moments, resumed until it finishes. Every step's line
 * must appear exactly once, except steps reported in doubt: at most twice where the test chose --retry, at
 * most once where it chose --assume-done. Seed: -Dstepwise.torture.seed=N; kills: -Dstepwise.torture.kills=N.
 */
class CrashTortureTest {
    private static final int STEPS = 60;
    private static final Pattern IN_DOUBT = Pattern.compile("step (s\\d+) on here was running when the engine stopped");

    @TempDir
    Path dir;

    @Test
    void killedAtRandomItFinishesWithEveryStepDoneOnce() throws Exception {
        long seed = Long.getLong("stepwise.torture.seed", System.nanoTime());
        int wantedKills = Integer.getInteger("stepwise.torture.kills", 25);
        System.out.println("crash torture: seed " + seed + " (rerun with -Dstepwise.torture.seed=" + seed + ")");
        Random random = new Random(seed);
        Cli cli = new Cli(dir);
        Path out = dir.resolve("out.txt");
        StringBuilder yaml = new StringBuilder("procedure: torture\ntitle: Torture\nroles:\n  box: this machine\nsteps:\n");
        for (int i = 1; i <= STEPS; i++) {
            String id = String.format("s%02d", i);
            // 0.6 s a step and kills 0.7-2.2 s apart: a restart takes about 0.5 s on a quiet machine, so a life
            // finishes about 1.6 steps and 25 kills cover about 40 of the 60 steps. With 50 steps and kills 1-2.5 s
            // apart a quiet machine finished the run after 24 kills.
            yaml.append("  - id: ").append(id).append("\n    on: box\n    run: sleep 0.3; echo ").append(id)
                    .append(" >> ").append(out).append("; sleep 0.3\n");
        }
        Path proc = cli.write("torture.yaml", yaml.toString());
        Path inv = cli.localInventory();

        Map<String, List<String>> decisions = new HashMap<>();
        int kills = 0;
        int invocations = 0;
        String[] next = {"run", proc.toString(), "-i", inv.toString(), "--run-id", "t1", "--no-input"};
        long t0 = System.nanoTime();
        while (true) {
            if (++invocations > 400) {
                fail("no end after 400 invocations (seed " + seed + ")");
            }
            Cli.Running r = cli.start(next);
            boolean killNow = kills < wantedKills;
            if (killNow) {
                Thread.sleep(700 + random.nextInt(1500));
                if (r.process.isAlive()) {
                    r.kill();
                    kills++;
                    if (storeOpensWithRun(cli.store)) {
                        next = new String[] {"resume", "t1", "--no-input"};
                    }
                    continue;
                }
            }
            Cli.Result res = r.await(120);
            if (res.exit() == 0) {
                break;
            }
            Matcher m = IN_DOUBT.matcher(res.err());
            if (res.exit() == 3 && m.find()) {
                String step = m.group(1);
                String choice = random.nextBoolean() ? "--retry" : "--assume-done";
                decisions.computeIfAbsent(step, k -> new java.util.ArrayList<>()).add(choice);
                next = new String[] {"resume", "t1", "--no-input", choice, step};
                continue;
            }
            fail("unexpected exit " + res.exit() + " (seed " + seed + "):\n" + res.all());
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        Thread.sleep(300);
        Map<String, Long> counts = Files.readAllLines(out).stream()
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        System.out.println("crash torture: " + kills + " kills, " + invocations + " invocations, " + decisions.size()
                + " in-doubt decisions " + decisions + ", " + seconds + "s");
        assertThat(kills).isGreaterThanOrEqualTo(wantedKills);
        for (int i = 1; i <= STEPS; i++) {
            String id = String.format("s%02d", i);
            long n = counts.getOrDefault(id, 0L);
            List<String> choices = decisions.getOrDefault(id, List.of());
            long retries = choices.stream().filter("--retry"::equals).count();
            if (choices.isEmpty()) {
                assertThat(n).as(id + " (never in doubt) lines, seed " + seed).isEqualTo(1);
            } else {
                // each run of the step that the engine could not see end may have written its line: the first
                // run plus one per --retry; an --assume-done adds none
                assertThat(n).as(id + " " + choices + " lines, seed " + seed).isBetween(
                        choices.get(choices.size() - 1).equals("--retry") ? 1L : 0L, 1 + retries);
            }
        }
        assertThat(counts.keySet()).allMatch(k -> k.matches("s\\d\\d"));
        try (RunStore store = RunStores.open(cli.store.toString(), Clock.systemUTC())) {
            assertThat(store.runs()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(RunState.FINISHED));
        }
    }

    /** Opens the store after a kill (it must open and read cleanly); whether run t1 was created yet. */
    private static boolean storeOpensWithRun(Path store) throws Exception {
        try (RunStore s = RunStores.open(store.toString(), Clock.systemUTC())) {
            if (s.run("t1").isEmpty()) {
                return false;
            }
            List<RunEvent> events = s.events("t1");
            assertThat(events).isNotEmpty();
            assertThat(s.runs()).extracting(r -> r.id()).contains("t1");
            return true;
        }
    }
}
