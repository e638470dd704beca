package io.stepwise.load;

import io.stepwise.model.Mark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            return failed(name, "not a regular file (" + (Files.isDirectory(file) ? "a directory" : "a FIFO, socket or"
                    + " device") + "): give the path of a procedure or inventory file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(Yaml.MAX_CHARS * 4 + 1);
            if (bytes.length > Yaml.MAX_CHARS) {
                return failed(name, "file is larger than " + Yaml.MAX_CHARS + " bytes (is this really a procedure or inventory?)");
            }
            return decode(name, bytes);
        } catch (NoSuchFileException e) {
            return failed(name, "no such file");
        } catch (IOException e) {
            return failed(name, "cannot read the file: " + e.getMessage());
        }
    }

    /** Strict UTF-8; a bad byte is reported at its line and column. */
    private static Text decode(String name, byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            decoder.flush(out);
            return new Text(out.flip().toString(), List.of());
        }
        int bad = in.position();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < bad; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).length() + 1;
        return new Text(null, List.of(new Problem(new Mark(name, line, column), Problem.Severity.ERROR, String.format(
                "the file is not UTF-8 text: byte 0x%02X here is not UTF-8 (Latin-1 or Windows-1252?); save it as UTF-8",
                bytes[bad] & 0xff))));
    }

    private static Text failed(String name, String message) {
        return new Text(null, List.of(new Problem(new Mark(name, 1, 1), Problem.Severity.ERROR, message)));
    }
}
