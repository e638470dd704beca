package io.stepwise.load;

import io.stepwise.model.Action;
import io.stepwise.model.Answers;
import io.stepwise.model.Procedure;
import io.stepwise.model.Step;
import io.stepwise.text.Suggest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a rehearsal's answers file ({@code stepwise rehearse --answers}):
 * <pre>{@code
 * answers: software-update          # the procedure they are for
 * steps:
 *   save-system-data: {answer: confirm, note: "lab: nothing to save"}
 *   verify-primary-features: reject
 * }</pre>
 * Given the procedure, every step named must exist and be manual or optional.
 */
public final class AnswersLoader {
    static final Set<String> KEYS = Set.of("answers", "description", "steps");

    private AnswersLoader() {
    }

    /** Reads the file, checked against {@code procedure} when given. */
    public static Loaded<Answers> read(Path file, Procedure procedure) {
        TextFile.Text t = TextFile.read(file);
        return t.text() == null ? new Loaded<>(null, t.problems()) : parse(file.toString(), t.text(), procedure);
    }

    /** As {@link #read} on text in memory. */
    static Loaded<Answers> parse(String name, String text, Procedure procedure) {
        Source src = new Source(name, text);
        Answers a = null;
        try {
            a = build(src, procedure);
        } catch (StackOverflowError e) {
            src.error(src.markAt(0), "the file is too deeply nested to check");
        }
        return new Loaded<>(src.hasErrors() ? null : a, ProcedureLoader.sorted(src.problems()));
    }

    private static Answers build(Source src, Procedure procedure) {
        Node root = Yaml.compose(src);
        MappingNode top = root == null ? null : Nodes.mapping(src, root, "answers file");
        if (top == null) {
            return null;
        }
        Fields f = new Fields(src, top, "answers file", KEYS);
        String name = f.text("answers", true);
        if (name != null && procedure != null && !name.equals(procedure.name())) {
            src.error(f.get("answers"), "these answers are for procedure '" + Yaml.abbreviate(name) + "', not '"
                    + procedure.name() + "': give the answers file of " + procedure.name());
        }
        Map<String, Answers.Answer> out = new LinkedHashMap<>();
        MappingNode steps = f.has("steps") ? Nodes.mapping(src, f.get("steps"), "steps") : null;
        Fields sf = steps == null ? null : Fields.free(src, steps, "steps");
        for (String id : sf == null ? List.<String>of() : sf.keys()) {
            Node n = sf.get(id);
            String what = "answer for step '" + id + "'";
            if (procedure != null && !known(src, sf.keyNode(id), id, procedure)) {
                continue;
            }
            String answer;
            String note = null;
            if (n instanceof ScalarNode) {
                answer = Nodes.text(src, n, what);
            } else {
                MappingNode m = Nodes.mapping(src, n, what);
                if (m == null) {
                    continue;
                }
                Fields af = new Fields(src, m, what, Set.of("answer", "note"));
                answer = af.text("answer", true);
                note = af.text("note", false);
                n = af.get("answer") != null ? af.get("answer") : n;
            }
            if (answer == null) {
                continue;
            }
            if (!answer.equals("confirm") && !answer.equals("reject")) {
                src.error(n, what + ": expected confirm or reject, got '" + Yaml.abbreviate(answer) + "'"
                        + Suggest.didYouMean(answer, List.of("confirm", "reject")));
                continue;
            }
            boolean confirm = answer.equals("confirm");
            out.put(id, new Answers.Answer(confirm, note != null ? note : "rehearsal: " + answer, src.mark(n)));
        }
        return new Answers(name, java.util.Collections.unmodifiableMap(out), src.name);
    }

    private static boolean known(Source src, Node key, String id, Procedure procedure) {
        Step step = procedure.step(id).orElse(null);
        if (step == null) {
            src.error(key, "no step '" + Yaml.abbreviate(id) + "' in procedure " + procedure.name()
                    + Suggest.didYouMean(id, procedure.steps().stream().map(Step::id).toList()));
            return false;
        }
        if (!(step.action() instanceof Action.Manual) && !step.optional()) {
            src.error(key, "step '" + id + "' is neither manual nor optional: it needs no answer; remove it");
            return false;
        }
        return true;
    }
}
