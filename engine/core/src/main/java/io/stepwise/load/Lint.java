package io.stepwise.load;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warnings for what breaks when commands are pasted from word processors (typographic quotes, dashes,
 * non-breaking spaces), for passwords written inline, and for quotes around templated values.
 */
final class Lint {
    private static final Pattern SMART_QUOTE = Pattern.compile("[\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u2032\u2033]");
    private static final Pattern DASH_OPTION = Pattern.compile("(?<![^\\s'\"=(])[\u2010-\u2015\u2212]{1,2}(?=[A-Za-z])");
    private static final Pattern NBSP = Pattern.compile("[\u00A0\u2007\u202F\u2000-\u200B\uFEFF]");
    private static final Pattern MYSQL_CLIENT = Pattern.compile("\\b(mysql|mysqldump|mariadb|mariadb-dump|mysqladmin|mariadb-admin)\\b");
    private static final Pattern SHELL_PASSWORD = Pattern.compile("(?<![\\w-])(-p(?!\\{\\{)[^\\s'\";|&]+|--password=(?!\\{\\{)[^\\s;|&]+)");
    private static final Pattern SQL_PASSWORD = Pattern.compile(
            "(?i)(\\w*DENTIFIED\\s+BY|(?:MASTER|SOURCE)_PASSWORD\\s*=|PASSWORD\\s*\\()\\s*['\"\u2018\u2019\u201C\u201D](?!\\{\\{)[^'\"\u2018\u2019\u201C\u201D\\s]*['\"\u2018\u2019\u201C\u201D]?");
    private static final Pattern QUOTED_TEMPLATE = Pattern.compile("(['\"])\\{\\{\\s*[A-Za-z_][A-Za-z0-9_.-]*\\s*}}\\1");

    private static final Pattern RAW_TEMPLATE = Pattern.compile("\\{\\{\\s*[A-Za-z_][A-Za-z0-9_.-]*\\s*\\|\\s*raw\\s*}}");

    private Lint() {
    }

    static void check(Source src, List<Use> uses) {
        for (Use u : uses) {
            switch (u.kind()) {
                case SHELL, SQL, PATH -> {
                    code(src, u);
                    if (u.kind() == Use.Kind.SHELL && MYSQL_CLIENT.matcher(u.text()).find()) {
                        find(src, u, SHELL_PASSWORD, "password written inline in the command; use a secret param: "
                                + "params: {db_password: {secret: true}} and -p{{db_password}} (or rely on ~/.my.cnf)");
                    }
                    if (u.kind() == Use.Kind.SQL) {
                        find(src, u, SQL_PASSWORD, "password written inline in SQL; use a secret param: "
                                + "params: {repl_password: {secret: true}} and IDENTIFIED BY {{repl_password}}");
                    }
                    if (u.kind() == Use.Kind.SQL) {
                        find(src, u, QUOTED_TEMPLATE, "quotes around a template: values are bound parameters, so '{{x}}'"
                                + " would compare with the literal text; write {{x}} without quotes");
                    }
                    if (u.kind() != Use.Kind.PATH) {
                        find(src, u, RAW_TEMPLATE, u.kind() == Use.Kind.SQL
                                ? "|raw pastes the value into the SQL text: a quote in it changes the statement (SQL"
                                + " injection); write {{x}} (a bound parameter) or {{x|ident}} (a name)"
                                : "|raw pastes the value into the command as shell code: a ; $( ) ` or quote in it runs as"
                                + " a command (shell injection); write {{x}} (quoted for you), or v={{x}} then $v to split"
                                + " words");
                    }
                }
                case TEXT -> find(src, u, DASH_OPTION, "a typographic dash used as an option dash; type '-' (ASCII hyphen),"
                        + " e.g. -udbadmin");
                default -> {
                }
            }
        }
    }

    private static void code(Source src, Use u) {
        find(src, u, SMART_QUOTE, "typographic quote; use ASCII ' or \" (word processors replace them)");
        find(src, u, DASH_OPTION, "a typographic dash used as an option dash; type '-' (ASCII hyphen), e.g. -udbadmin");
        find(src, u, NBSP, "non-breaking or invisible space; replace it with a normal space");
    }

    /** The fragment with the password replaced by ****, so lint output does not repeat it. */
    private static String mask(String fragment) {
        Matcher m = Pattern.compile("^(-p|--password=|.*?['\"\u2018\u2019\u201C\u201D])(.*?)(['\"\u2018\u2019\u201C\u201D]?)$")
                .matcher(fragment);
        return m.matches() ? m.group(1) + "****" + m.group(3) : "****";
    }

    private static void find(Source src, Use u, Pattern p, String message) {
        Matcher m = p.matcher(u.text());
        java.util.Map<String, Integer> occurrences = new java.util.HashMap<>();
        while (m.find()) {
            String fragment = m.group();
            int occurrence = occurrences.merge(fragment, 1, Integer::sum) - 1;
            String shown = p == SHELL_PASSWORD || p == SQL_PASSWORD ? "'" + mask(fragment) + "'" : fragment.isBlank() || fragment.codePointAt(0) > 0x7f && fragment.length() == 1
                    ? String.format("U+%04X", fragment.codePointAt(0)) + " '" + fragment + "'" : "'" + Yaml.abbreviate(fragment) + "'";
            src.warn(src.locate(u.node(), fragment, occurrence), "lint: " + shown + ": " + message);
        }
    }
}
