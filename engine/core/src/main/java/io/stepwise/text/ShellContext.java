package io.stepwise.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each {@code {{name}}} of a shell command sits, as bash parses the command: plain (a word of its own or
 * part of one), inside double quotes, or in a place where no quoting of ours can keep a value from running as
 * code: single quotes, {@code $'...'}, backticks, a heredoc, a comment, arithmetic ({@code $((...))},
 * {@code ((...))}, {@code $[...]}, {@code let}, {@code [[ -eq ]]}, a subscript), {@code ${...}}, the script of a
 * nested {@code bash -c}/{@code sh -c}/{@code su -c}/{@code sudo -s}, any word after
 * {@code ssh}/{@code eval}/{@code trap}/{@code watch} wherever it stands in the simple command (a second shell
 * reads them again), or the program text of an interpreter ({@code mysql -e}, {@code python3 -c}, the program
 * of {@code awk}). Parentheses are counted ({@code $(...)}, subshells, {@code <(...)}, arrays) and {@code case}
 * patterns followed, so a {@code )} ends only what it ends. Text the scanner cannot read as surely as bash
 * (bash versions or modes disagree, or it is not valid bash) makes every later template
 * {@link Kind#UNCERTAIN}: refused, never guessed safe.
 */
public final class ShellContext {
    /** Shells: their stdin ({@code <<<}) is a script. */
    private static final Set<String> SHELLS = Set.of("bash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "su");
    /** Commands whose {@code -c} (or {@code --command}) option takes a script for a shell. */
    private static final Set<String> SCRIPT_OPTION = Set.of("bash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "su",
            "runuser", "flock", "script");
    /** Commands that hand every later word to a shell: a second one ({@code ssh}) or this one again. */
    private static final Set<String> REPARSERS = Set.of("ssh", "rsh", "autossh", "eval", "trap", "watch", "tmux");
    /** Operators of {@code [[ ]]} that evaluate both sides as arithmetic. */
    private static final Set<String> ARITHMETIC_TESTS = Set.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge");
    /** A word so far that is a name and an open subscript: {@code a[}, as in {@code a[i]=1} (bash evaluates i). */
    private static final java.util.regex.Pattern SUBSCRIPT = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\[[^\\]]*");

    /** Builtins that declare variables: a template in a name (before its {@code =}) names a variable. */
    private static final Set<String> DECLARERS = Set.of("declare", "typeset", "local", "export", "readonly");
    /** Options of read whose value is no name. */
    private static final Set<String> READ_VALUE_OPTIONS = Set.of("-p", "-d", "-i", "-t", "-n", "-N", "-u");

    /** Short options of sudo that take a value (the next word when nothing follows them). */
    private static final String SUDO_VALUE_OPTIONS = "CDghpRrTtUu";

    /**
     * How a program takes program text (SQL, a script) on its command line: {@code code}, short options whose
     * value is program text (attached, or the next word); {@code value}, short options that take some other
     * value (the rest of the word, or the next word unless also {@code optional}: attached only);
     * {@code longCode}, long options whose value is program text; {@code operand}: the first operand is the
     * program unless a {@code code} or {@code file} option gave one; {@code stdin}: a here-string is program text.
     */
    private record Interpreter(String code, String value, String optional, Set<String> longCode, boolean operand,
                               String file, boolean stdin) {
    }

    private static final Interpreter SQL_CLIENT = new Interpreter("e", "DhPSpu", "p", Set.of("--execute"), false, "", true);
    private static final Interpreter PYTHON = new Interpreter("c", "mWXQ", "", Set.of(), false, "", true);
    private static final Interpreter AWK = new Interpreter("e", "FvfilE", "", Set.of("--source"), true, "fE", false);
    private static final Map<String, Interpreter> INTERPRETERS = Map.ofEntries(
            Map.entry("mysql", SQL_CLIENT), Map.entry("mariadb", SQL_CLIENT),
            Map.entry("psql", new Interpreter("c", "dfFhLoPpRTUv", "", Set.of("--command"), false, "", true)),
            Map.entry("python", PYTHON), Map.entry("python2", PYTHON), Map.entry("python3", PYTHON),
            Map.entry("perl", new Interpreter("eE", "IMmx", "IMmx", Set.of(), false, "", true)),
            Map.entry("ruby", new Interpreter("e", "IrCFTxKWE", "", Set.of(), false, "", true)),
            Map.entry("node", new Interpreter("ep", "r", "", Set.of("--eval", "--print"), false, "", true)),
            Map.entry("nodejs", new Interpreter("ep", "r", "", Set.of("--eval", "--print"), false, "", true)),
            Map.entry("php", new Interpreter("rBRE", "cdfztF", "", Set.of(), false, "", true)),
            Map.entry("awk", AWK), Map.entry("gawk", AWK), Map.entry("mawk", AWK), Map.entry("nawk", AWK),
            Map.entry("sed", new Interpreter("e", "efli", "i", Set.of("--expression"), true, "f", false)));
    /** Reserved words (and time's -p) after which the next word is still the first of a command (where bash sees keywords). */
    private static final Set<String> LEADING = Set.of("!", "{", "if", "then", "else", "elif", "do", "while", "until", "time",
            "-p");

    /** The kinds of place a template can take. Only {@link #PLAIN} and {@link #DOUBLE_QUOTED} are safe. */
    enum Kind {
        PLAIN, DOUBLE_QUOTED, SINGLE_QUOTED, ANSI_C_QUOTED, BACKTICKS, HEREDOC, COMMENT, ARITHMETIC, PARAMETER,
        NESTED_SHELL, PROGRAM_TEXT, NAME, ESCAPED, UNCERTAIN;

        /** Whether a value can be quoted safely here. */
        public boolean safe() {
            return this == PLAIN || this == DOUBLE_QUOTED;
        }
    }

    /**
     * One template and its place; {@code command} names the re-reading command for {@link Kind#NESTED_SHELL} and
     * {@link Kind#PROGRAM_TEXT}, the arithmetic for {@link Kind#ARITHMETIC}, what takes the value as a name for
     * {@link Kind#NAME}, and the text that could not be read
     * for {@link Kind#UNCERTAIN}.
     */
    public record Place(Template.Ref ref, Kind kind, String command) {
        /** What is wrong with an unsafe place, and the fix; null when the place is safe. */
        public String problem() {
            String t = "{{" + ref.name() + (ref.filter() == null ? "" : "|" + ref.filter()) + "}}";
            return switch (kind) {
                case PLAIN, DOUBLE_QUOTED -> null;
                case SINGLE_QUOTED -> t + " is inside single quotes, whose text is usually code for another program"
                        + " (awk, mysql -e, a nested shell), where no quoting can keep the value from running as code: "
                        + asData(t) + "; only for a plain shell word, put it outside the quotes ('value='" + t
                        + ", it is shell-quoted for you) or inside double quotes (\"value=" + t + "\")";
                case PROGRAM_TEXT -> t + " is in the program text that '" + command + "' runs (SQL or a script), where a"
                        + " quote, ; or ) in the value would change what runs, whatever its shell quoting: " + asData(t);
                case ANSI_C_QUOTED -> t + " is inside $'...': put it outside the quotes (it is shell-quoted for you)";
                case BACKTICKS -> t + " is inside `backticks`, which bash parses twice: write $(...) instead";
                case HEREDOC -> t + " is inside a heredoc, whose text bash expands (and the reading program may run):"
                        + " set a variable before it (v=" + t + ") and write \"$v\" in the heredoc, or use printf '%s\\n' "
                        + t + " | command";
                case COMMENT -> t + " is inside a # comment, where a newline in the value would end the comment and"
                        + " run the rest: remove it from the comment";
                case ARITHMETIC -> t + " is inside " + (command == null ? "$((...))" : command) + ", where bash evaluates"
                        + " the value as code (a[$(...)] runs): set a variable"
                        + " first (n=" + t + ") and check it is a number";
                case ESCAPED -> t + " follows a backslash, which would escape the quoting of the value: remove the"
                        + " backslash";
                case PARAMETER -> t + " is inside ${...}: set a variable first (v=" + t + ") and write ${x:-$v}";
                case NESTED_SHELL -> t + " is in text that '" + command + "' hands to another shell, which would run"
                        + " a quote or $(...) in the value: " + (command.equals("eval") || command.equals("trap")
                        ? "set a variable first (v=" + t + ") and write \"$v\" inside single quotes, e.g. " + command
                        + " 'echo \"$v\"'" : "pass the value as an argument instead, e.g. bash -c 'echo \"$1\"' _ " + t)
                        + (command.startsWith("ssh") ? ", or run the step on that host's role instead of through ssh" : "");
                case NAME -> t + " is " + command + ", and bash runs a $(...) in a variable's subscript (a[$(...)]):"
                        + " write a fixed name and assign the value to it (v=" + t + "; or a=( " + t + " ) for an array)";
                case UNCERTAIN -> t + " comes after shell text the engine cannot read with certainty (" + command
                        + "), so it cannot tell how bash would quote the value: set a variable before it (v=" + t
                        + ") and write \"$v\" where it was, or write that text another way";
            };
        }

        /** The fix for a value inside another program's code: give it to the program as data. */
        private static String asData(String t) {
            return "pass the value as data instead: an sql: step for SQL (values become bound parameters), an environment"
                    + " variable (v=" + t + " awk 'BEGIN{print ENVIRON[\"v\"]}'), an argument (python3 -c 'import sys;"
                    + " print(sys.argv[1])' " + t + ") or stdin for a program that reads it as data (printf '%s\\n' " + t
                    + " | awk '{print $1}')";
        }
    }

    /** TOP, CMD ({@code $(...)}) and SUB (a subshell, {@code <(...)}, an array, a pattern group) read commands. */
    private enum Frame { TOP, CMD, SUB, DQ, SQ, ANSI, BQ, ARITH, BRACE }

    /**
     * An open construct; {@code quoted}: a {@code ${...}} inside double quotes; {@code depth}: parentheses (brackets
     * in {@code $[...]}) open in it; {@code label}: how an arithmetic one was written.
     */
    private static final class Open {
        final Frame frame;
        final boolean quoted;
        final String label;
        int depth;

        Open(Frame frame, boolean quoted) {
            this(frame, quoted, null);
        }

        Open(Frame frame, boolean quoted, String label) {
            this.frame = frame;
            this.quoted = quoted;
            this.label = label;
        }
    }

    private final String text;
    private final List<Template.Ref> refs;
    private final List<Place> places = new ArrayList<>();
    private final Deque<Open> frames = new ArrayDeque<>();
    private final Deque<Words> commands = new ArrayDeque<>();
    private final List<String[]> pendingHeredocs = new ArrayList<>();
    private int refIndex;
    /** Why the rest of the text cannot be read with certainty, or null. */
    private String lost;

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

    private void lose(String why) {
        if (lost == null) {
            lost = why;
        }
    }

    /** Where a {@code case} is: its word, {@code in}, a pattern (up to its {@code )}), or the commands of a pattern. */
    private enum CaseState { WORD, IN, PATTERN, BODY }

    /** The words of the simple command being read in a TOP, CMD or SUB frame, and the {@code case}s open there. */
    private final class Words {
        final boolean keywords;
        final List<String> done = new ArrayList<>();
        /** Each done word as written when nothing in it is quoted or expanded (it may be a keyword), else null. */
        final List<String> plain = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        final Deque<CaseState> cases = new ArrayDeque<>();
        int patternWords;
        boolean inWord;
        boolean quoted;
        /** The current word follows {@code <<<}; the next word will. */
        boolean hereString;
        boolean hereStringNext;
        /** Inside {@code [[ ... ]]}, where {@code &&}, {@code ||} and parentheses are not commands. */
        boolean inTest;
        /** The words of an array {@code a=(...)}. */
        boolean array;
        /** The current word is the target of a redirection (no argument of the command); the next word will be. */
        boolean redirectWord;
        boolean redirectNext;
        /** Indices in {@code places} of the templates in the current word, and in the word before it. */
        List<Integer> currentPlaces = new ArrayList<>();
        List<Integer> lastPlaces = new ArrayList<>();

        /** {@code keywords}: whether the frame holds commands (not the words of an array or a pattern group). */
        Words(boolean keywords) {
            this(keywords, false);
        }

        Words(boolean keywords, boolean inTest) {
            this.keywords = keywords;
            this.inTest = inTest;
        }

        void end() {
            if (!inWord) {
                return;
            }
            String word = quoted ? null : current.toString();
            boolean first = firstWord();
            boolean redirect = redirectWord;
            if (!redirect) {
                done.add(current.toString().replace("'", "").replace("\"", ""));
                plain.add(word);
            }
            current.setLength(0);
            inWord = false;
            quoted = false;
            hereString = false;
            redirectWord = false;
            if (redirect) {
                lastPlaces = currentPlaces;
                currentPlaces = new ArrayList<>();
                return;
            }
            if (inTest && word != null && ARITHMETIC_TESTS.contains(word)) {
                arithmeticOperand(lastPlaces, "[[ " + word + " ]]");
            }
            lastPlaces = currentPlaces;
            currentPlaces = new ArrayList<>();
            if (first && "[[".equals(word)) {
                inTest = true;
            } else if ("]]".equals(word)) {
                inTest = false;
            }
            keyword(word, first);
        }

        /** Whether the next word would be the first of a command, where bash sees {@code case} and {@code esac}. */
        private boolean firstWord() {
            return plain.stream().allMatch(w -> w != null && LEADING.contains(w));
        }

        private void keyword(String word, boolean first) {
            CaseState state = cases.peek();
            if (state == CaseState.WORD) {
                cases.pop();
                cases.push(CaseState.IN);
            } else if (state == CaseState.IN) {
                if ("in".equals(word)) {
                    startPattern();
                } else {
                    lose("a case without 'in'");
                }
            } else if (state == CaseState.PATTERN) {
                if (patternWords++ == 0 && "esac".equals(word)) {
                    cases.pop();
                }
            } else if (keywords && first && "case".equals(word)) {
                cases.push(CaseState.WORD);
            } else if (state == CaseState.BODY && first && "esac".equals(word)) {
                cases.pop();
            }
        }

        private void startPattern() {
            cases.pop();
            cases.push(CaseState.PATTERN);
            patternWords = 0;
            clear();
        }

        boolean inPattern() {
            return cases.peek() == CaseState.PATTERN;
        }

        /** The {@code )} that ends a pattern: its commands follow. */
        void endPattern() {
            cases.pop();
            cases.push(CaseState.BODY);
            clear();
        }

        /** {@code ;;}, {@code ;&} or {@code ;;&}: the next pattern follows. */
        void nextPattern() {
            end();
            if (cases.peek() == CaseState.BODY) {
                startPattern();
            } else {
                lose("';;' outside a case");
            }
        }

        void separator() {
            end();
            clear();
        }

        private void clear() {
            done.clear();
            plain.clear();
            lastPlaces.clear();
        }

        /**
         * Whether the current word is arithmetic bash evaluates, and which: a word after {@code let}, an operand of
         * {@code [[ -eq ]]} and the like, the name after {@code -v} in a test, a subscript {@code a[...]}. (An
         * operand before its operator is found when the operator is read: {@link #arithmeticOperand}.)
         */
        String arithmetic() {
            String last = done.isEmpty() ? "" : done.get(done.size() - 1);
            if (done.contains("let")) {
                return "let";
            }
            if (inTest && ARITHMETIC_TESTS.contains(last)) {
                return "[[ " + last + " ]]";
            }
            if (last.equals("-v") && (inTest || plain.contains("test") || plain.contains("["))) {
                return "the name after -v";
            }
            if (inWord && SUBSCRIPT.matcher(current).matches()) {
                return "an array subscript " + current + "...]";
            }
            for (int s = 0; s < done.size(); s++) {
                if (DECLARERS.contains(done.get(s)) && declareFlags(s + 1).contains("i")) {
                    return "a value of " + done.get(s) + " -i";
                }
            }
            return null;
        }

        /**
         * What takes the current word as the name of a variable (whose subscript bash evaluates), or null: the
         * names of {@code read}, {@code printf -v}, {@code unset}, {@code mapfile}, a name {@code declare} or
         * {@code local} declares, every value of {@code declare -n} (a name) or {@code declare -a} (an array
         * literal {@code (...)} bash parses). A value of {@code declare -i} is arithmetic: {@link #arithmetic}.
         */
        String name() {
            if (inWord ? redirectWord : redirectNext) {
                return null;
            }
            String last = done.isEmpty() ? "" : done.get(done.size() - 1);
            for (int s = 0; s < done.size(); s++) {
                String cmd = done.get(s);
                if (cmd.equals("read") && !READ_VALUE_OPTIONS.contains(last)) {
                    return "a name that read assigns";
                }
                if (cmd.equals("printf") && last.equals("-v") && done.size() - 1 > s) {
                    return "the name that printf -v assigns";
                }
                if (cmd.equals("unset") || cmd.equals("mapfile") || cmd.equals("readarray")) {
                    return "a name for " + cmd;
                }
                if (DECLARERS.contains(cmd)) {
                    String flags = declareFlags(s + 1);
                    if (flags.contains("n")) {
                        return "a value of " + cmd + " -n, which is the name of a variable";
                    }
                    if (flags.contains("a") || flags.contains("A")) {
                        return "a value of " + cmd + " -" + (flags.contains("a") ? "a" : "A") + ", which bash parses as an"
                                + " array (...) written in it";
                    }
                    if (!flags.contains("i") && current.indexOf("=") < 0) {
                        return "a name that " + cmd + " declares";
                    }
                }
            }
            return null;
        }

        /** The letters of the options of a declaring builtin, its words from {@code from}. */
        private String declareFlags(int from) {
            StringBuilder flags = new StringBuilder();
            for (int k = from; k < done.size() && (done.get(k).startsWith("-") || done.get(k).startsWith("+")); k++) {
                flags.append(done.get(k).substring(1));
            }
            return flags.toString();
        }

        /** Makes the safe places of a word that turned out to be an operand of {@code what} arithmetic. */
        private void arithmeticOperand(List<Integer> word, String what) {
            for (int k : word) {
                Place p = places.get(k);
                if (p.kind().safe()) {
                    places.set(k, new Place(p.ref(), Kind.ARITHMETIC, what));
                }
            }
        }

        void add(char c) {
            if (!inWord) {
                hereString = hereStringNext;
                hereStringNext = false;
                redirectWord = redirectNext;
                redirectNext = false;
            }
            current.append(c);
            inWord = true;
        }

        void addQuoted(char c) {
            add(c);
            quoted = true;
        }

        /**
         * The command that hands the current word to a shell, or null: {@code ssh}, {@code eval} and the like as
         * any earlier word of the simple command (after {@code sudo -u x}, {@code timeout 30}, {@code nice -n 10},
         * {@code sshpass -e}, ... just as well as first), the script after a shell's {@code -c}, {@code sudo -s}
         * or {@code -i}, or a here-string ({@code <<<}) into a shell.
         */
        String reparser() {
            List<String> w = done;
            String cur = current.toString().replace("'", "").replace("\"", "");
            for (int s = 0; s < w.size(); s++) {
                String cmd = base(w.get(s));
                if (REPARSERS.contains(cmd)) {
                    return cmd;
                }
                if (SHELLS.contains(cmd) && (inWord ? hereString : hereStringNext)) {
                    return cmd + " <<<";
                }
                if (SCRIPT_OPTION.contains(cmd)) {
                    for (int o = s + 1; o < w.size(); o++) {
                        String opt = w.get(o);
                        if (opt.matches("-[A-Za-z]*c[A-Za-z]*|--command|--session-command")
                                && w.subList(o + 1, w.size()).stream().allMatch(x -> x.startsWith("-"))) {
                            return cmd + " " + opt;
                        }
                    }
                    if (cur.matches("--(session-)?command=.*")) {
                        return cmd + " " + cur.substring(0, cur.indexOf('=') + 1);
                    }
                }
                if (cmd.equals("sudo")) {
                    String shell = sudoShell(w, s + 1);
                    if (shell != null) {
                        return "sudo " + shell;
                    }
                }
            }
            return null;
        }

        /**
         * The program (and option) that runs the current word as its program text, or null: the value of
         * {@code mysql -e}, {@code python3 -c}, {@code perl -e}, ..., attached or the next word; the first operand
         * of {@code awk} or {@code sed}; a here-string into an interpreter that reads its program on stdin.
         */
        String program() {
            List<String> w = done;
            String cur = current.toString().replace("'", "").replace("\"", "");
            for (int s = 0; s < w.size(); s++) {
                String cmd = base(w.get(s));
                Interpreter in = INTERPRETERS.get(cmd);
                if (in == null) {
                    continue;
                }
                if (in.stdin() && (inWord ? hereString : hereStringNext)) {
                    return cmd + " <<<";
                }
                if (inWord) {
                    if (codeOption(in, cur) || in.longCode().stream().anyMatch(l -> cur.startsWith(l + "="))) {
                        return cmd + " " + (cur.startsWith("--") ? cur.substring(0, cur.indexOf('=') + 1) : cur);
                    }
                }
                String last = w.get(w.size() - 1);
                if (w.size() - 1 > s && (codeOption(in, last) || in.longCode().contains(last))) {
                    return cmd + " " + last;
                }
                if (in.operand() && !(inWord && cur.startsWith("-")) && firstOperand(in, w, s + 1)) {
                    return cmd;
                }
            }
            return null;
        }

        /** Whether {@code word} is a cluster of short options with a code option before any that takes a value. */
        private static boolean codeOption(Interpreter in, String word) {
            if (!word.startsWith("-") || word.startsWith("--")) {
                return false;
            }
            for (int k = 1; k < word.length(); k++) {
                if (in.code().indexOf(word.charAt(k)) >= 0) {
                    return true;
                }
                if (in.value().indexOf(word.charAt(k)) >= 0) {
                    return false;
                }
            }
            return false;
        }

        /** Whether the words from {@code from} are all options (and their values), none of them giving the program. */
        private static boolean firstOperand(Interpreter in, List<String> w, int from) {
            int k = from;
            while (k < w.size()) {
                String x = w.get(k);
                if (x.equals("--")) {
                    return k + 1 == w.size();
                }
                if (!x.startsWith("-") || x.equals("-")) {
                    return false;
                }
                if (x.startsWith("--")) {
                    if (in.longCode().stream().anyMatch(l -> x.equals(l) || x.startsWith(l + "="))
                            || x.startsWith("--file") || x.startsWith("--exec")) {
                        return false;
                    }
                    k++;
                    continue;
                }
                char c = x.charAt(1);
                if (in.code().indexOf(c) >= 0 || in.file().indexOf(c) >= 0) {
                    return false;
                }
                boolean takesNext = x.length() == 2 && in.value().indexOf(c) >= 0 && in.optional().indexOf(c) < 0;
                k += takesNext ? 2 : 1;
            }
            return k == w.size();
        }

        /** The option among sudo's ({@code w} from {@code from}) that runs the command through a shell, or null. */
        private static String sudoShell(List<String> w, int from) {
            for (int o = from; o < w.size(); o++) {
                String x = w.get(o);
                if (x.equals("--shell") || x.equals("--login")) {
                    return x;
                }
                if (x.equals("--") || !x.startsWith("-")) {
                    return null;
                }
                if (x.startsWith("--")) {
                    continue;
                }
                for (int k = 1; k < x.length(); k++) {
                    if (x.charAt(k) == 's' || x.charAt(k) == 'i') {
                        return x;
                    }
                    if (SUDO_VALUE_OPTIONS.indexOf(x.charAt(k)) >= 0) {
                        o += k == x.length() - 1 ? 1 : 0;
                        break;
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
        frames.push(new Open(Frame.TOP, false));
        commands.push(new Words(true));
        int i = 0;
        while (i < text.length() && lost == null) {
            if (refIndex < refs.size() && refs.get(refIndex).start() == i) {
                i = template(refs.get(refIndex++));
                continue;
            }
            i = step(i);
            while (refIndex < refs.size() && refs.get(refIndex).start() < i && lost == null) {
                places.add(new Place(refs.get(refIndex++), Kind.ESCAPED, null));
            }
        }
        while (refIndex < refs.size()) {
            places.add(new Place(refs.get(refIndex++), Kind.UNCERTAIN, lost));
        }
    }

    private int template(Template.Ref ref) {
        Kind kind = null;
        String detail = null;
        for (Open o : frames) {
            detail = o.label;
            kind = switch (o.frame) {
                case SQ -> Kind.SINGLE_QUOTED;
                case ANSI -> Kind.ANSI_C_QUOTED;
                case BQ -> Kind.BACKTICKS;
                case ARITH -> Kind.ARITHMETIC;
                case BRACE -> Kind.PARAMETER;
                default -> null;
            };
            if (kind != null) {
                break;
            }
        }
        if (kind == null) {
            kind = frames.peek().frame == Frame.DQ ? Kind.DOUBLE_QUOTED : Kind.PLAIN;
            detail = null;
        }
        if (kind.safe()) {
            boolean element = false;
            for (Words w : commands) {
                // the value's own command first, then each command whose word holds the $(...) around it
                if ((detail = w.reparser()) != null) {
                    kind = Kind.NESTED_SHELL;
                } else if ((detail = w.program()) != null) {
                    kind = Kind.PROGRAM_TEXT;
                } else if ((detail = w.arithmetic()) != null) {
                    kind = Kind.ARITHMETIC;
                } else if (!element && (detail = w.name()) != null) {
                    kind = Kind.NAME;
                }
                if (detail != null) {
                    break;
                }
                element |= w.array; // an element of a=(...) is a value, not a name, whatever declares a
            }
        }
        for (Words w : commands) {
            w.currentPlaces.add(places.size());
        }
        places.add(new Place(ref, kind, detail));
        commands.peek().addQuoted('x');
        return ref.end();
    }

    private char at(int i) {
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private int step(int i) {
        char c = text.charAt(i);
        Open o = frames.peek();
        switch (o.frame) {
            case TOP, CMD, SUB -> {
                return command(i, c, o.frame);
            }
            case DQ -> {
                commands.peek().addQuoted(c);
                if (c == '\\') {
                    return i + 2;
                }
                if (c == '"') {
                    frames.pop();
                    return i + 1;
                }
                return dollarOrBacktick(i, c, true);
            }
            case SQ -> {
                commands.peek().addQuoted(c);
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
                return arithmetic(i, c, o);
            }
            default -> {
                return parameter(i, c, o);
            }
        }
    }

    /** Inside {@code $((...))}, {@code ((...))} or {@code $[...]}: quotes and expansions are read to find the end. */
    private int arithmetic(int i, char c, Open o) {
        boolean brackets = o.label.startsWith("$[");
        switch (c) {
            case '\\' -> {
                return i + 2;
            }
            case '\'' -> frames.push(new Open(Frame.SQ, false));
            case '"' -> frames.push(new Open(Frame.DQ, false));
            case '[' -> o.depth += brackets ? 1 : 0;
            case ']' -> {
                if (brackets && o.depth == 0) {
                    frames.pop();
                } else if (brackets) {
                    o.depth--;
                }
            }
            case '(' -> o.depth += brackets ? 0 : 1;
            case ')' -> {
                if (brackets) {
                    break;
                }
                if (o.depth > 0) {
                    o.depth--;
                } else if (at(i + 1) == ')') {
                    frames.pop();
                    return i + 2;
                } else {
                    lose("'" + o.label.substring(0, o.label.indexOf('(') + 2) + "' ended by a single ')', which bash"
                            + " reads as a subshell inside " + (o.label.startsWith("$") ? "a command substitution" : "a subshell")
                            + ": write '" + (o.label.startsWith("$") ? "$( (" : "( (") + "' with a space");
                }
            }
            default -> {
                return dollarOrBacktick(i, c, true);
            }
        }
        return i + 1;
    }

    /**
     * Inside {@code ${...}}: it ends at the first {@code }} outside quotes. A single quote inside double-quoted
     * {@code "${...}"} quotes in bash's default mode but not in its POSIX mode (and not before bash 4.3), so the
     * end cannot be known: the rest is refused.
     */
    private int parameter(int i, char c, Open o) {
        switch (c) {
            case '\\' -> {
                return i + 2;
            }
            case '}' -> frames.pop();
            case '"' -> frames.push(new Open(Frame.DQ, false));
            case '\'' -> {
                if (o.quoted) {
                    lose("a single quote inside \"${...}\", which bash reads differently by version and mode");
                } else {
                    frames.push(new Open(Frame.SQ, false));
                }
            }
            case '$' -> {
                if (at(i + 1) == '\'' && o.quoted) {
                    lose("$'...' inside \"${...}\", which bash reads differently by version and mode");
                } else if (at(i + 1) == '\'' || at(i + 1) == '"') {
                    frames.push(new Open(at(i + 1) == '\'' ? Frame.ANSI : Frame.DQ, false));
                    return i + 2;
                }
                return dollarOrBacktick(i, c, o.quoted);
            }
            default -> {
                return dollarOrBacktick(i, c, o.quoted);
            }
        }
        return i + 1;
    }

    private int dollarOrBacktick(int i, char c, boolean quoted) {
        if (c == '`') {
            frames.push(new Open(Frame.BQ, false));
            return i + 1;
        }
        if (c == '$' && at(i + 1) == '(' && at(i + 2) == '(') {
            frames.push(new Open(Frame.ARITH, false, "$((...))"));
            return i + 3;
        }
        if (c == '$' && at(i + 1) == '[') {
            frames.push(new Open(Frame.ARITH, false, "$[...]"));
            return i + 2;
        }
        if (c == '$' && at(i + 1) == '(') {
            frames.push(new Open(Frame.CMD, false));
            commands.push(new Words(true));
            return i + 2;
        }
        if (c == '$' && at(i + 1) == '{') {
            frames.push(new Open(Frame.BRACE, quoted));
            return i + 2;
        }
        return i + 1;
    }

    private int command(int i, char c, Frame f) {
        Words words = commands.peek();
        boolean processSubstitution = (c == '<' || c == '>') && at(i + 1) == '('
                || c == '(' && i > 0 && (text.charAt(i - 1) == '<' || text.charAt(i - 1) == '>');
        if (words.array && "(;&|<>".indexOf(c) >= 0 && !processSubstitution) {
            // bash reports the syntax error, drops the rest of the line and runs the next: a value's second line
            lose("'" + c + "' inside an array a=(...), a syntax error after which bash runs the next line as commands");
            return i + 1;
        }
        switch (c) {
            case '\\' -> {
                if (at(i + 1) == '\n') {
                    return i + 2;
                }
                words.addQuoted(at(i + 1));
                return i + 2;
            }
            case '\'' -> {
                words.addQuoted(c);
                frames.push(new Open(Frame.SQ, false));
                return i + 1;
            }
            case '"' -> {
                words.addQuoted(c);
                frames.push(new Open(Frame.DQ, false));
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
            case ';' -> {
                if (at(i + 1) == ';' || at(i + 1) == '&') {
                    words.nextPattern();
                    return at(i + 1) == ';' && at(i + 2) == '&' ? i + 3 : i + 2;
                }
                words.separator();
                return i + 1;
            }
            case '&' -> {
                if (at(i + 1) == '>' || words.inTest) {
                    redirection(words, at(i + 1) == '>');
                    return at(i + 1) == '>' ? i + 2 : i + 1;
                }
                words.separator();
                return i + 1;
            }
            case '|' -> {
                if (words.inPattern() || words.inTest) {
                    words.end();
                } else {
                    words.separator();
                }
                return i + 1;
            }
            case '(' -> {
                return open(i, words);
            }
            case ')' -> {
                return close(i, words, f);
            }
            case '#' -> {
                if (!words.inWord) {
                    return comment(i);
                }
                words.add(c);
                return i + 1;
            }
            case '<' -> {
                redirection(words, at(i + 1) != '(');
                if (at(i + 1) == '<' && at(i + 2) != '<') {
                    return heredocOperator(i + 2);
                }
                if (at(i + 1) == '<') {
                    words.hereStringNext = true;
                    return i + 3;
                }
                return at(i + 1) == '&' ? i + 2 : i + 1;
            }
            case '>' -> {
                redirection(words, at(i + 1) != '(');
                return at(i + 1) == '&' || at(i + 1) == '|' ? i + 2 : i + 1;
            }
            case '$' -> {
                if (at(i + 1) == '\'') {
                    words.addQuoted(c);
                    frames.push(new Open(Frame.ANSI, false));
                    return i + 2;
                }
                if (at(i + 1) == '"') {
                    words.addQuoted(c);
                    frames.push(new Open(Frame.DQ, false));
                    return i + 2;
                }
                words.addQuoted(c);
                return dollarOrBacktick(i, c, false);
            }
            case '`' -> {
                words.addQuoted(c);
                return dollarOrBacktick(i, c, false);
            }
            default -> {
                words.add(c);
                return i + 1;
            }
        }
    }

    /**
     * Before {@code <}, {@code >} or {@code &>}: ends the word; a file descriptor written against the operator
     * ({@code 2>}) is no word of the command, nor (when {@code target}) the word that follows: the file.
     */
    private void redirection(Words words, boolean target) {
        if (words.inTest) {
            words.end();
            return;
        }
        if (words.inWord && !words.quoted && words.current.chars().allMatch(Character::isDigit)) {
            words.current.setLength(0);
            words.inWord = false;
            words.redirectWord = false;
        } else {
            words.end();
        }
        words.redirectNext = target;
    }

    /**
     * A {@code (}: the optional one before a case pattern, or the start of a subshell or {@code <(...)} (commands),
     * of an array {@code a=(...)}, a pattern group {@code @(...)} or the {@code ()} of a function (words).
     */
    private int open(int i, Words words) {
        if (words.inPattern() && !words.inWord && words.patternWords == 0) {
            return i + 1;
        }
        if (at(i + 1) == '(' && !words.inWord && !words.inTest && (words.firstWord()
                || !words.plain.isEmpty() && "for".equals(words.plain.get(words.plain.size() - 1)))) {
            frames.push(new Open(Frame.ARITH, false, "((...))"));
            return i + 2;
        }
        frames.push(new Open(Frame.SUB, false));
        Words inside = new Words(!words.inWord && !words.inTest, words.inTest);
        inside.array = words.inWord && (words.current.toString().endsWith("=") && !words.quoted);
        commands.push(inside);
        return i + 1;
    }

    /** A {@code )}: the end of a case pattern, or of the innermost {@code (} or {@code $(}. */
    private int close(int i, Words words, Frame f) {
        words.end();
        if (words.inPattern()) {
            words.endPattern();
            return i + 1;
        }
        if (!words.cases.isEmpty()) {
            lose("a ')' inside a case that is not the end of a pattern");
        } else if (f == Frame.CMD || f == Frame.SUB) {
            frames.pop();
            commands.pop();
        } else {
            lose("a ')' without its '('");
        }
        return i + 1;
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
