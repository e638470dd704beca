package io.stepwise.load;

import io.stepwise.model.Mark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads a file as strict UTF-8 with a size cap, or says why it cannot. */
final class TextFile {
    /** The text, or the problem that stopped reading it. */
    record Text(String text, List<Problem> problems) {
    }

    private TextFile() {
    }

    static Text read(Path file) {
        String name = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(Yaml.MAX_CHARS * 4 + 1);
            if (bytes.length > Yaml.MAX_CHARS) {
                return failed(name, "file is larger than " + Yaml.MAX_CHARS + " bytes (is this really a procedure or inventory?)");
            }
            return new Text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString(), List.of());
        } catch (CharacterCodingException e) {
            return failed(name, "the file is not UTF-8 text; save it as UTF-8");
        } catch (NoSuchFileException e) {
            return failed(name, "no such file");
        } catch (IOException e) {
            return failed(name, "cannot read the file: " + e.getMessage());
        }
    }

    private static Text failed(String name, String message) {
        return new Text(null, List.of(new Problem(new Mark(name, 1, 1), Problem.Severity.ERROR, message)));
    }
}
