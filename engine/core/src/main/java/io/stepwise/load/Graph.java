package io.stepwise.load;

import io.stepwise.text.Suggest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** The needs graph of a procedure being loaded: duplicate ids, unknown needs, cycles, ancestors. */
final class Graph {
    private final Source src;
    private final Map<String, StepReader.Read> byId = new LinkedHashMap<>();
    private final Map<String, Set<String>> ancestors = new HashMap<>();

    Graph(Source src, List<StepReader.Read> reads) {
        this.src = src;
        for (StepReader.Read r : reads) {
            String id = r.step().id();
            StepReader.Read first = byId.putIfAbsent(id, r);
            if (first != null && !id.startsWith("#")) {
                src.error(r.idNode() != null ? r.idNode() : r.node(), "duplicate step id '" + id + "' (first at line "
                        + first.step().mark().line() + "): step ids must be unique");
            }
        }
        for (StepReader.Read r : byId.values()) {
            for (Map.Entry<String, Node> need : r.needNodes().entrySet()) {
                if (need.getKey().equals(r.step().id())) {
                    src.error(need.getValue(), "step '" + r.step().id() + "' needs itself");
                } else if (!byId.containsKey(need.getKey())) {
                    src.error(need.getValue(), "step '" + r.step().id() + "' needs unknown step '" + Yaml.abbreviate(need.getKey())
                            + "'" + Suggest.didYouMean(need.getKey(), byId.keySet()));
                }
            }
        }
        findCycles();
    }

    Map<String, StepReader.Read> steps() {
        return byId;
    }

    private List<String> needs(String id) {
        StepReader.Read r = byId.get(id);
        if (r == null) {
            return List.of();
        }
        return r.step().needs().stream().filter(n -> byId.containsKey(n) && !n.equals(id)).toList();
    }

    private void findCycles() {
        Map<String, Integer> color = new HashMap<>();
        for (String start : byId.keySet()) {
            if (color.containsKey(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> its = new ArrayDeque<>();
            color.put(start, 1);
            path.addLast(start);
            its.addLast(needs(start).iterator());
            while (!its.isEmpty()) {
                var it = its.peekLast();
                if (!it.hasNext()) {
                    color.put(path.removeLast(), 2);
                    its.removeLast();
                    continue;
                }
                String next = it.next();
                Integer c = color.get(next);
                if (c == null) {
                    color.put(next, 1);
                    path.addLast(next);
                    its.addLast(needs(next).iterator());
                } else if (c == 1) {
                    reportCycle(new ArrayList<>(path), next);
                }
            }
        }
    }

    private void reportCycle(List<String> path, String back) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(back), path.size()));
        // path goes from a step to what it needs; print in execution direction: needed -> needer
        java.util.Collections.reverse(cycle);
        cycle.add(cycle.get(0));
        // point at an explicit needs entry of the cycle when there is one (implicit needs have no node)
        List<String> ring = new ArrayList<>(path.subList(path.indexOf(back), path.size()));
        ring.add(back);
        String from = ring.get(ring.size() - 2);
        Node at = null;
        for (int i = 0; i + 1 < ring.size() && at == null; i++) {
            at = byId.get(ring.get(i)).needNodes().get(ring.get(i + 1));
            if (at != null) {
                from = ring.get(i);
            }
        }
        src.error(at != null ? at : byId.get(from).node(), "cycle in needs: " + String.join(" -> ", cycle)
                + "; remove one of these needs");
    }

    /** Steps that finish before {@code id} on every path: the transitive closure of its needs. */
    Set<String> ancestors(String id) {
        Set<String> known = ancestors.get(id);
        if (known != null) {
            return known;
        }
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(needs(id));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (out.add(n)) {
                todo.addAll(needs(n));
            }
        }
        out.remove(id);
        ancestors.put(id, out);
        return out;
    }
}
