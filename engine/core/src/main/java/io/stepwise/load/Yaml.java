package io.stepwise.load;

import java.util.Iterator;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Composes YAML text into nodes, defensively: a size limit, no explicit tags, one document, limited
 * nesting and aliases. Hostile input becomes a {@link Problem}, never an exception or a hang.
 */
final class Yaml {
    /** Procedures are small (the largest shipped one is a few KiB); snakeyaml-engine slows down on huge scalars. */
    static final int MAX_CHARS = 256 * 1024;
    static final int MAX_DEPTH = 40;
    static final int MAX_ALIASES = 20;

    private Yaml() {
    }

    private static LoadSettings settings(String name) {
        return LoadSettings.builder().setLabel(name).setCodePointLimit(MAX_CHARS + 1).setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false).setAllowDuplicateKeys(true).setUseMarks(true).build();
    }

    /** The document's root node, or null after recording a problem in {@code src}. */
    static Node compose(Source src) {
        if (src.text.length() > MAX_CHARS) {
            src.error(src.markAt(0), "file is " + src.text.length() + " characters; at most " + MAX_CHARS
                    + " are accepted (is this really a procedure or inventory?)");
            return null;
        }
        try {
            if (!precheck(src)) {
                return null;
            }
            Optional<Node> root = new Compose(settings(src.name)).composeString(src.text);
            if (root.isEmpty()) {
                src.error(src.markAt(0), "the file is empty: expected a YAML mapping");
                return null;
            }
            return root.get();
        } catch (MarkedYamlEngineException e) {
            src.error(src.mark(e.getProblemMark()), "YAML syntax: " + firstLine(e.getProblem()) + contextOf(e) + hint(src, e));
        } catch (YamlEngineException e) {
            src.error(src.markAt(0), "YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            src.error(src.markAt(0), "YAML nested too deeply");
        }
        return null;
    }

    /** Event pass: rejects tags, nesting deeper than MAX_DEPTH, too many aliases, several documents. */
    private static boolean precheck(Source src) {
        int depth = 0;
        int aliases = 0;
        int documents = 0;
        boolean tagged = false;
        Iterator<Event> events = new Parse(settings(src.name)).parseString(src.text).iterator();
        while (events.hasNext()) {
            Event e = events.next();
            switch (e.getEventId()) {
                case DocumentStart -> {
                    if (++documents > 1) {
                        src.error(src.mark(e.getStartMark()), "a second YAML document ('---'): put one procedure or inventory per file");
                        return false;
                    }
                }
                case MappingStart, SequenceStart -> {
                    if (((CollectionStartEvent) e).getTag().isPresent()) {
                        tagged = tag(src, e, ((CollectionStartEvent) e).getTag().get());
                    }
                    if (++depth > MAX_DEPTH) {
                        src.error(src.mark(e.getStartMark()), "YAML nested deeper than " + MAX_DEPTH + " levels");
                        return false;
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                case Scalar -> {
                    if (((ScalarEvent) e).getTag().isPresent()) {
                        tagged = tag(src, e, ((ScalarEvent) e).getTag().get());
                    }
                }
                case Alias -> {
                    if (++aliases > MAX_ALIASES) {
                        src.error(src.mark(((AliasEvent) e).getStartMark()), "more than " + MAX_ALIASES
                                + " aliases (*name): write the values out");
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return !tagged;
    }

    /** Reports a tag (every one of a file, not only the first); returns true. */
    private static boolean tag(Source src, Event e, String tag) {
        src.error(src.mark(e.getStartMark()), "YAML tag '" + abbreviate(tag) + "' is not allowed: remove it (values are plain text)");
        return true;
    }

    private static String hint(Source src, MarkedYamlEngineException e) {
        int line = e.getProblemMark().map(m -> m.getLine()).orElse(-1);
        String text = line < 0 ? "" : src.text.lines().skip(line).findFirst().orElse("");
        return text.contains("{{") ? "; a value with {{...}} at its start or inside {...} must be quoted: \"{{x}}\"" : "";
    }

    private static String contextOf(MarkedYamlEngineException e) {
        return e.getContext() == null ? "" : " (" + firstLine(e.getContext()) + ")";
    }

    static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return abbreviate(line);
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
