package io.stepwise.load;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Procedure, inventory or rehearsal answers, told apart by the first top-level key ({@code procedure:} vs
 * {@code cluster:}/{@code hosts:} vs {@code answers:}).
 */
public enum FileKind {
    PROCEDURE, INVENTORY, ANSWERS;

    private static final Pattern ANSWERS_KEY = Pattern.compile("\\A(?:(?:#[^\\n]*)?\\n|\\s)*answers\\s*:");

    private static final Pattern INVENTORY_KEY = Pattern.compile("(?m)^(cluster|hosts)\\s*:");
    private static final Pattern PROCEDURE_KEY = Pattern.compile("(?m)^(procedure|steps|roles)\\s*:");

    /** The kind of a file; unreadable or ambiguous files count as procedures (whose loader reports why). */
    public static FileKind of(Path file) {
        TextFile.Text t = TextFile.read(file);
        return t.text() == null ? PROCEDURE : ofText(t.text());
    }

    static FileKind ofText(String text) {
        if (ANSWERS_KEY.matcher(text).lookingAt()) {
            return ANSWERS;
        }
        var inv = INVENTORY_KEY.matcher(text);
        var proc = PROCEDURE_KEY.matcher(text);
        boolean i = inv.find();
        boolean p = proc.find();
        return i && (!p || inv.start() < proc.start()) ? INVENTORY : PROCEDURE;
    }
}
