package io.stepwise.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Where each {@code {{name}}} of a shell command sits, as bash parses the command: plain (a word of its own or
 * part of one), inside double quotes, or in a place where no quoting of ours can keep a value from running as
 * code (single quotes, {@code $'...'}, backticks, a heredoc, a comment, {@code $((...))}, {@code ${...}}, the
 * script of a nested {@code bash -c}/{@code sh -c}/{@code su -c}, or the words of {@code ssh}/{@code eval},
 * which a second shell reads again).
 */
public final class ShellContext {
    private static final Set<String> SHELLS = Set.of("bash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "su");
    private static final Set<String> REPARSERS = Set.of("ssh", "eval");
    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "do", "while", "until", "!", "{",
            "time", "sudo", "exec", "nohup", "command", "env", "nice", "setsid", "xargs", "stdbuf");

    /** The kinds of place a template can take. Only {@link #PLAIN} and {@link #DOUBLE_QUOTED} are safe. */
    enum Kind {
        PLAIN, DOUBLE_QUOTED, SINGLE_QUOTED, ANSI_C_QUOTED, BACKTICKS, HEREDOC, COMMENT, ARITHMETIC, PARAMETER,
        NESTED_SHELL, ESCAPED;

        /** Whether a value can be quoted safely here. */
        public boolean safe() {
            return this == PLAIN || this == DOUBLE_QUOTED;
        }
    }

    /** One template and its place; {@code command} names the re-reading command for {@link Kind#NESTED_SHELL}. */
    public record Place(Template.Ref ref, Kind kind, String command) {
        /** What is wrong with an unsafe place, and the fix; null when the place is safe. */
        public String problem() {
            String t = "{{" + ref.name() + (ref.filter() == null ? "" : "|" + ref.filter()) + "}}";
            return switch (kind) {
                case PLAIN, DOUBLE_QUOTED -> null;
                case SINGLE_QUOTED -> t + " is inside single quotes, whose text is usually code for another program"
                        + " (awk, mysql -e, a nested shell) and cannot be quoted safely there: put it outside the quotes"
                        + " ('value='" + t + ", it is shell-quoted for you) or inside double quotes (\"value=" + t + "\")";
                case ANSI_C_QUOTED -> t + " is inside $'...': put it outside the quotes (it is shell-quoted for you)";
                case BACKTICKS -> t + " is inside `backticks`, which bash parses twice: write $(...) instead";
                case HEREDOC -> t + " is inside a heredoc, whose text bash expands (and the reading program may run):"
                        + " set a variable before it (v=" + t + ") and write \"$v\" in the heredoc, or use printf '%s\\n' "
                        + t + " | command";
                case COMMENT -> t + " is inside a # comment, where a newline in the value would end the comment and"
                        + " run the rest: remove it from the comment";
                case ARITHMETIC -> t + " is inside $((...)), where bash evaluates the value as code: set a variable"
                        + " first (n=" + t + ") and check it is a number";
                case ESCAPED -> t + " follows a backslash, which would escape the quoting of the value: remove the"
                        + " backslash";
                case PARAMETER -> t + " is inside ${...}: set a variable first (v=" + t + ") and write ${x:-$v}";
                case NESTED_SHELL -> t + " is in text that '" + command + "' hands to another shell, which would run"
                        + " a quote or $(...) in the value: pass the value as an argument instead, e.g. bash -c"
                        + " 'echo \"$1\"' _ " + t + (command.startsWith("ssh")
                        ? ", or run the step on that host's role instead of through ssh" : "");
            };
        }
    }

    private enum Frame { TOP, CMD, DQ, SQ, ANSI, BQ, ARITH, BRACE }

    private final String text;
    private final List<Template.Ref> refs;
    private final List<Place> places = new ArrayList<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final Deque<Words> commands = new ArrayDeque<>();
    private final List<String[]> pendingHeredocs = new ArrayList<>();
    private int refIndex;
    private int depth;

    private ShellContext(String text) {
        this.text = text;
        this.refs = Template.refs(text);
    }

    /** The place of every template of {@code command}, in order. */
    public static List<Place> places(String command) {
        ShellContext c = new ShellContext(command == null ? "" : command);
        c.scan();
        return c.places;
    }

    /** The words of the simple command being read in a TOP or CMD frame. */
    private static final class Words {
        final List<String> done = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        boolean inWord;

        void end() {
            if (inWord) {
                done.add(current.toString().replace("'", "").replace("\"", ""));
                current.setLength(0);
                inWord = false;
            }
        }

        void separator() {
            end();
            done.clear();
        }

        void add(char c) {
            current.append(c);
            inWord = true;
        }

        /** The command that re-reads the current word, or null. */
        String reparser() {
            List<String> w = new ArrayList<>(done);
            int first = 0;
            while (first < w.size() && (KEYWORDS.contains(w.get(first)) || w.get(first).matches("[A-Za-z_][A-Za-z0-9_]*=.*")
                    || w.get(first).startsWith("-"))) {
                first++;
            }
            if (first < w.size() && REPARSERS.contains(base(w.get(first)))) {
                return base(w.get(first));
            }
            for (int s = 0; s < w.size(); s++) {
                if (!SHELLS.contains(base(w.get(s)))) {
                    continue;
                }
                for (int o = s + 1; o < w.size(); o++) {
                    String opt = w.get(o);
                    if (opt.matches("-[A-Za-z]*c[A-Za-z]*") || opt.equals("--command")) {
                        boolean onlyOptions = w.subList(o + 1, w.size()).stream().allMatch(x -> x.startsWith("-"));
                        if (onlyOptions) {
                            return base(w.get(s)) + " " + opt;
                        }
                    }
                }
            }
            return null;
        }

        private static String base(String word) {
            int slash = word.lastIndexOf('/');
            return slash < 0 ? word : word.substring(slash + 1);
        }
    }

    private void scan() {
        frames.push(Frame.TOP);
        commands.push(new Words());
        int i = 0;
        while (i < text.length()) {
            if (refIndex < refs.size() && refs.get(refIndex).start() == i) {
                i = template(refs.get(refIndex++));
                continue;
            }
            i = step(i);
            while (refIndex < refs.size() && refs.get(refIndex).start() < i) {
                places.add(new Place(refs.get(refIndex++), Kind.ESCAPED, null));
            }
        }
    }

    private int template(Template.Ref ref) {
        Frame f = frames.peek();
        Kind kind = switch (f) {
            case TOP, CMD -> Kind.PLAIN;
            case DQ -> Kind.DOUBLE_QUOTED;
            case SQ -> Kind.SINGLE_QUOTED;
            case ANSI -> Kind.ANSI_C_QUOTED;
            case BQ -> Kind.BACKTICKS;
            case ARITH -> Kind.ARITHMETIC;
            case BRACE -> Kind.PARAMETER;
        };
        String reparser = null;
        if (kind.safe() && !commands.isEmpty()) {
            reparser = commands.peek().reparser();
        }
        if (reparser != null) {
            kind = Kind.NESTED_SHELL;
        }
        places.add(new Place(ref, kind, reparser));
        if (f == Frame.TOP || f == Frame.CMD) {
            commands.peek().add('x');
        }
        return ref.end();
    }

    private char at(int i) {
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private int step(int i) {
        char c = text.charAt(i);
        Frame f = frames.peek();
        switch (f) {
            case TOP, CMD -> {
                return command(i, c, f);
            }
            case DQ -> {
                commands.peek().add(c);
                if (c == '\\') {
                    return i + 2;
                }
                if (c == '"') {
                    frames.pop();
                    return i + 1;
                }
                return dollarOrBacktick(i, c);
            }
            case SQ -> {
                commands.peek().add(c);
                if (c == '\'') {
                    frames.pop();
                }
                return i + 1;
            }
            case ANSI -> {
                if (c == '\\') {
                    return i + 2;
                }
                if (c == '\'') {
                    frames.pop();
                }
                return i + 1;
            }
            case BQ -> {
                if (c == '\\') {
                    return i + 2;
                }
                if (c == '`') {
                    frames.pop();
                }
                return i + 1;
            }
            case ARITH -> {
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (depth == 0 && at(i + 1) == ')') {
                        frames.pop();
                        return i + 2;
                    }
                    depth = Math.max(0, depth - 1);
                }
                return i + 1;
            }
            default -> {
                if (c == '}') {
                    frames.pop();
                }
                return i + 1;
            }
        }
    }

    private int dollarOrBacktick(int i, char c) {
        if (c == '`') {
            frames.push(Frame.BQ);
            return i + 1;
        }
        if (c == '$' && at(i + 1) == '(' && at(i + 2) == '(') {
            frames.push(Frame.ARITH);
            depth = 0;
            return i + 3;
        }
        if (c == '$' && at(i + 1) == '(') {
            frames.push(Frame.CMD);
            commands.push(new Words());
            return i + 2;
        }
        if (c == '$' && at(i + 1) == '{') {
            frames.push(Frame.BRACE);
            return i + 2;
        }
        return i + 1;
    }

    private int command(int i, char c, Frame f) {
        Words words = commands.peek();
        switch (c) {
            case '\\' -> {
                if (at(i + 1) == '\n') {
                    return i + 2;
                }
                words.add(at(i + 1));
                return i + 2;
            }
            case '\'' -> {
                words.add(c);
                frames.push(Frame.SQ);
                return i + 1;
            }
            case '"' -> {
                words.add(c);
                frames.push(Frame.DQ);
                return i + 1;
            }
            case ' ', '\t' -> {
                words.end();
                return i + 1;
            }
            case '\n' -> {
                words.separator();
                return heredocBodies(i + 1);
            }
            case ';', '&', '|', '(' -> {
                words.separator();
                return i + 1;
            }
            case ')' -> {
                words.separator();
                if (f == Frame.CMD) {
                    frames.pop();
                    commands.pop();
                }
                return i + 1;
            }
            case '#' -> {
                if (!words.inWord) {
                    return comment(i);
                }
                words.add(c);
                return i + 1;
            }
            case '<' -> {
                if (at(i + 1) == '<' && at(i + 2) != '<') {
                    words.end();
                    return heredocOperator(i + 2);
                }
                if (at(i + 1) == '<') {
                    return i + 3;
                }
                words.end();
                return i + 1;
            }
            case '$' -> {
                if (at(i + 1) == '\'') {
                    words.add(c);
                    frames.push(Frame.ANSI);
                    return i + 2;
                }
                if (at(i + 1) == '"') {
                    words.add(c);
                    frames.push(Frame.DQ);
                    return i + 2;
                }
                words.add(c);
                return dollarOrBacktick(i, c);
            }
            case '`' -> {
                words.add(c);
                return dollarOrBacktick(i, c);
            }
            default -> {
                if (c == '>') {
                    words.end();
                } else {
                    words.add(c);
                }
                return i + 1;
            }
        }
    }

    private int comment(int i) {
        int end = text.indexOf('\n', i);
        end = end < 0 ? text.length() : end;
        while (refIndex < refs.size() && refs.get(refIndex).start() < end) {
            places.add(new Place(refs.get(refIndex++), Kind.COMMENT, null));
        }
        return end;
    }

    private int heredocOperator(int i) {
        boolean tabs = at(i) == '-';
        int j = tabs ? i + 1 : i;
        while (at(j) == ' ' || at(j) == '\t') {
            j++;
        }
        StringBuilder delimiter = new StringBuilder();
        while (j < text.length() && " \t\n;&|<>()".indexOf(text.charAt(j)) < 0) {
            char d = text.charAt(j);
            if (d != '\'' && d != '"' && d != '\\') {
                delimiter.append(d);
            }
            j++;
        }
        pendingHeredocs.add(new String[] {delimiter.toString(), tabs ? "-" : ""});
        return j;
    }

    private int heredocBodies(int i) {
        int pos = i;
        for (String[] h : pendingHeredocs) {
            while (pos < text.length()) {
                int end = text.indexOf('\n', pos);
                end = end < 0 ? text.length() : end;
                String line = text.substring(pos, end);
                String cmp = h[1].isEmpty() ? line : line.replaceFirst("^\t+", "");
                boolean last = cmp.equals(h[0]);
                if (!last) {
                    while (refIndex < refs.size() && refs.get(refIndex).start() < end) {
                        places.add(new Place(refs.get(refIndex++), Kind.HEREDOC, null));
                    }
                }
                pos = Math.min(text.length(), end + 1);
                if (last) {
                    break;
                }
            }
        }
        pendingHeredocs.clear();
        return pos;
    }
}
