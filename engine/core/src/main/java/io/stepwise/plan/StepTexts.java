package io.stepwise.plan;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.model.Step;
import io.stepwise.text.Template;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every templated text of a step (action, probe, condition, expectations), and the variable names they use. */
final class StepTexts {
    private StepTexts() {
    }

    public static List<String> of(Step step) {
        List<String> out = new ArrayList<>();
        if (step.when() != null) {
            out.add(step.when());
        }
        action(step.action(), out);
        action(step.verify(), out);
        expect(step.expect(), out);
        return out;
    }

    /** Names referenced with {@code {{name}}} anywhere in the step, in order of appearance. */
    public static Set<String> names(Step step) {
        Set<String> out = new LinkedHashSet<>();
        of(step).forEach(t -> out.addAll(Template.names(t)));
        return out;
    }

    private static void action(Action a, List<String> out) {
        if (a instanceof Action.Shell s) {
            out.add(s.command());
        } else if (a instanceof Action.Sql s) {
            out.add(s.sql());
            if (s.database() != null) {
                out.add(s.database());
            }
        } else if (a instanceof Action.Wait w) {
            action(w.probe(), out);
            expect(w.until(), out);
        } else if (a instanceof Action.Manual m) {
            out.add(m.instructions());
            m.gate().evidence().forEach(e -> action(e.probe(), out));
        } else if (a instanceof Action.Copy c) {
            out.add(c.fromPath());
            out.add(c.toPath());
            if (c.run() != null) {
                out.add(c.run());
            }
        } else if (a instanceof Action.Replication r) {
            out.addAll(r.args().values());
        }
    }

    private static void expect(Expect e, List<String> out) {
        if (e != null) {
            out.addAll(e.row().values());
        }
    }
}
