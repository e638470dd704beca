package io.stepwise.run;

import io.stepwise.model.Expect;
import io.stepwise.transport.SqlResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks a step's {@code expect} against what a command or a query returned; null = it holds. */
final class Expectations {
    private Expectations() {
    }

    /** For a shell command: exit code, {@code output} found in stdout, {@code not_output} absent from both. */
    public static String checkShell(Expect expect, int exitCode, String stdout, String stderr) {
        Expect e = expect == null ? Expect.DEFAULT : expect;
        List<Integer> codes = e.exitCodes() == null || e.exitCodes().isEmpty() ? List.of(0) : e.exitCodes();
        if (!codes.contains(exitCode)) {
            return "exit code " + exitCode + ", expected " + (codes.size() == 1 ? codes.get(0) : codes)
                    + lastLine(stderr, stdout);
        }
        if (e.output() != null && !Pattern.compile(e.output(), Pattern.MULTILINE).matcher(stdout).find()) {
            return "output did not match /" + e.output() + "/" + lastLine(stdout, "");
        }
        if (e.noOutput() != null
                && Pattern.compile(e.noOutput(), Pattern.MULTILINE).matcher(stdout + "\n" + stderr).find()) {
            return "output matched /" + e.noOutput() + "/, which it must not";
        }
        return null;
    }

    /** For a query: {@code rows} count and {@code row} values of the first row. */
    public static String checkSql(Expect expect, SqlResult result) {
        if (expect == null) {
            return null;
        }
        if (expect.rows() != null && result.rows().size() != expect.rows()) {
            return "expected " + expect.rows() + " row(s), got " + result.rows().size();
        }
        Map<String, String> row = expect.row() == null ? Map.of() : expect.row();
        if (!row.isEmpty() && result.rows().isEmpty()) {
            return "expected a row with " + row + ", got no rows";
        }
        Map<String, String> first = result.firstRow();
        for (var e : row.entrySet()) {
            if (!first.containsKey(e.getKey())) {
                return "expected column " + e.getKey() + ", the result has " + result.columns();
            }
            String actual = first.get(e.getKey());
            if (!valueMatches(e.getValue(), actual)) {
                return "expected " + e.getKey() + "=" + e.getValue() + ", got " + e.getKey() + "=" + actual;
            }
        }
        return null;
    }

    /** {@code "/re/"} is a regex (found anywhere), anything else an exact value; SQL NULL equals "NULL". */
    static boolean valueMatches(String wanted, String actual) {
        String a = actual == null ? "NULL" : actual;
        if (wanted != null && wanted.length() >= 2 && wanted.startsWith("/") && wanted.endsWith("/")) {
            return Pattern.compile(wanted.substring(1, wanted.length() - 1)).matcher(a).find();
        }
        return Objects.equals(wanted, a);
    }

    private static String lastLine(String first, String second) {
        String text = first != null && !first.isBlank() ? first : second;
        if (text == null || text.isBlank()) {
            return "";
        }
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        return ": " + (last.length() > 200 ? last.substring(0, 200) + "..." : last);
    }
}
