package io.stepwise.plan;

import io.stepwise.model.Action;
import io.stepwise.model.Procedure;
import io.stepwise.model.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The step graph as Mermaid ({@code flowchart TD}) or Graphviz DOT text. */
public final class GraphExport {
    private GraphExport() {
    }

    public static String mermaid(Procedure p) {
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        Map<String, String> ids = ids(p);
        for (Step s : p.steps()) {
            String label = label(s).replace("\"", "#quot;");
            String shape = s.action() instanceof Action.Manual ? "[/\"" + label + "\"/]" : "[\"" + label + "\"]";
            sb.append("    ").append(ids.get(s.id())).append(shape).append('\n');
        }
        for (Step s : p.steps()) {
            for (String n : s.needs()) {
                if (ids.containsKey(n)) {
                    sb.append("    ").append(ids.get(n)).append(" --> ").append(ids.get(s.id())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    public static String dot(Procedure p) {
        StringBuilder sb = new StringBuilder("digraph \"" + esc(p.name()) + "\" {\n    rankdir=TB;\n    node [shape=box];\n");
        for (Step s : p.steps()) {
            sb.append("    \"").append(esc(s.id())).append("\" [label=\"").append(esc(label(s)).replace("<br/>", "\\n")).append('"');
            if (s.action() instanceof Action.Manual) {
                sb.append(", shape=parallelogram");
            }
            if (s.optional() || s.when() != null) {
                sb.append(", style=dashed");
            }
            sb.append("];\n");
        }
        for (Step s : p.steps()) {
            for (String n : s.needs()) {
                sb.append("    \"").append(esc(n)).append("\" -> \"").append(esc(s.id())).append("\";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private static Map<String, String> ids(Procedure p) {
        Map<String, String> ids = new HashMap<>();
        List<Step> steps = p.steps();
        for (int i = 0; i < steps.size(); i++) {
            ids.put(steps.get(i).id(), "s" + (i + 1));
        }
        return ids;
    }

    private static String label(Step s) {
        String kind = kind(s.action());
        String extra = s.optional() ? " (optional)" : "";
        if (s.when() != null) {
            extra += " (when " + s.when() + ")";
        }
        String title = s.title().equals(s.id()) ? s.id() : s.id() + ": " + s.title();
        return title + "<br/>" + kind + " on " + s.on() + extra;
    }

    /** The YAML key of an action: run, sql, wait, manual, copy, reboot, replication. */
    static String kind(Action a) {
        if (a instanceof Action.Shell) {
            return "run";
        }
        return a == null ? "" : a.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
