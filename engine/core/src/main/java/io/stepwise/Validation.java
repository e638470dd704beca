package io.stepwise;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Engine#validate} found, file by file.
 *
 * @param files each file checked, in order
 */
public record Validation(List<FileResult> files) {
    /**
     * One file's problems.
     *
     * @param problems each as {@code FILE:LINE:COL: severity: message}, errors and warnings in file order
     */
    public record FileResult(Path file, List<String> problems, int errors, int warnings) {
        public boolean ok() {
            return errors == 0;
        }
    }

    public int errors() {
        return files.stream().mapToInt(FileResult::errors).sum();
    }

    public int warnings() {
        return files.stream().mapToInt(FileResult::warnings).sum();
    }
}
