package org.ganlab.experiments.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** One configured Jackson mapper for the run files. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    public static void write(Path file, Object value) throws IOException {
        MAPPER.writeValue(file.toFile(), value);
    }

    /** Writes through {@link AtomicFile}: readers and crashes see the old file or the new one. */
    public static void writeAtomically(Path file, Object value) throws IOException {
        AtomicFile.write(file, out -> MAPPER.writeValue(out, value));
    }

    /** One line of JSON, e.g. for an MLflow param value. */
    public static String compact(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
