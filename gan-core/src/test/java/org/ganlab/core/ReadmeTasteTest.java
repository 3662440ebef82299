package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "A taste" block, exactly as written there, compiles against gan-core and runs. */
class ReadmeTasteTest extends ReferenceBackendTest {

    static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("gan-core"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }

    /** The first java block after the "## A taste" heading. */
    static String taste() throws Exception {
        String text = Files.readString(readme());
        int section = text.indexOf("\n## A taste\n");
        assertTrue(section >= 0, "README has an 'A taste' section");
        int start = text.indexOf("```java\n", section) + "```java\n".length();
        return text.substring(start, text.indexOf("\n```", start));
    }

    @Test
    void theReadmeSnippetCompilesAndRuns(@TempDir Path tmp) throws Exception {
        String source = "import java.util.List;\nimport org.ganlab.autograd.*;\nimport org.ganlab.loss.*;\n"
                + "import org.ganlab.nn.*;\nimport org.ganlab.optim.*;\nimport org.ganlab.tensor.*;\n"
                + "public class Taste {\n    public static void main(String[] args) {\n" + taste() + "\n    }\n}\n";
        Path file = tmp.resolve("Taste.java");
        Files.writeString(file, source);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-d", tmp.toString(), "-cp",
                System.getProperty("java.class.path"), file.toString());
        assertEquals(0, exit, "the README's snippet does not compile:\n" + errors + "\n" + source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("Taste").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("D(real) = "), out.toString(StandardCharsets.UTF_8));
    }
}
