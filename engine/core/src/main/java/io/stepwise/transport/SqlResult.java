package io.stepwise.transport;

import java.util.List;
import java.util.Map;

/**
 * The result of one SQL statement: rows of named columns (values as text, null as null), or an update count.
 */
public record SqlResult(List<String> columns, List<Map<String, String>> rows, long updateCount) {
    public Map<String, String> firstRow() {
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }
}
