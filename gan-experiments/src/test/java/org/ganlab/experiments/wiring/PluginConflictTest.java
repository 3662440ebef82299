package org.ganlab.experiments.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.ganlab.experiments.cli.GanCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plug-in jar that claims a built-in's name, or declares an experiment option named like a flag,
 * stops gan-lab at start with exit code 2 and a message naming both places: the jar is compiled
 * here and put on a real {@code java} process's classpath, as {@code ./gan} does with plugins/.
 */
class PluginConflictTest {

    @TempDir
    Path tmp;

    static final String TRICK = """
            package plugin;
            import java.util.Map;
            import org.ganlab.experiments.config.Options;
            import org.ganlab.experiments.step.Trick;
            import org.ganlab.experiments.tricks.TrickFactory;
            public final class AnotherR1 implements TrickFactory {
                public String name() { return "r1"; }
                public String description() { return "a second r1"; }
                public Map<String, String> defaults() { return Map.of(); }
                public Trick create(Options o) { throw new UnsupportedOperationException(); }
            }
            """;

    static final String EXPERIMENT = """
            package plugin;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Map;
            import java.util.Set;
            import org.ganlab.experiments.config.ExperimentOption;
            import org.ganlab.experiments.config.Flag;
            import org.ganlab.experiments.config.RunConfig;
            import org.ganlab.experiments.io.Artifact;
            import org.ganlab.experiments.run.Experiment;
            import org.ganlab.experiments.run.RunContext;
            import org.ganlab.experiments.run.RunLog;
            public final class Shadowing implements Experiment {
                public String name() { return "shadowing"; }
                public String description() { return "declares --steps"; }
                public RunConfig defaults() { return RunConfig.defaults(name()).build(); }
                public Set<Flag> flags() { return Set.of(Flag.SEED); }
                public List<ExperimentOption> options() { return List.of(new ExperimentOption("steps", "1", "clash")); }
                public Map<String, Object> run(RunContext ctx) { return Map.of(); }
                public List<Artifact> artifacts(RunLog log, Path dir) { return List.of(); }
            }
            """;

    /** A jar with the class compiled from {@code source} and a services line registering it. */
    Path pluginJar(String className, String source, String service) throws IOException {
        Path src = tmp.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve("classes-" + className));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), src.toString());
        assertEquals(0, compiled, "the plug-in compiles");
        Path jar = tmp.resolve(className + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + service));
            out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** {@code gan list} in a new JVM with the jar on the classpath: exit code and standard error. */
    Map.Entry<Integer, String> ganList(Path jar) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path") + java.io.File.pathSeparator + jar, GanCli.class.getName(), "list"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.flush();
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return Map.entry(p.exitValue(), err);
    }

    @Test
    void aPluginTrickWithABuiltInsNameIsRefusedAtStartNamingBothJars() throws Exception {
        Path jar = pluginJar("plugin.AnotherR1", TRICK, "org.ganlab.experiments.tricks.TrickFactory");
        Map.Entry<Integer, String> r = ganList(jar);
        assertEquals(2, r.getKey(), r.getValue());
        String err = r.getValue().strip();
        assertTrue(err.startsWith("gan: trick 'r1' is defined twice: by org.ganlab.experiments.tricks.ZeroCenteredPenalty$R1 in "),
                err);
        assertTrue(err.contains(" and by plugin.AnotherR1 in " + jar), err);
        assertFalse(err.contains("\tat "), "no stack trace");
    }

    @Test
    void aPluginExperimentOptionNamedLikeAFlagIsRefusedAtStart() throws Exception {
        Path jar = pluginJar("plugin.Shadowing", EXPERIMENT, "org.ganlab.experiments.run.Experiment");
        Map.Entry<Integer, String> r = ganList(jar);
        assertEquals(2, r.getKey(), r.getValue());
        assertEquals("gan: experiment 'shadowing' (plugin.Shadowing in " + jar + ") declares an option --steps, which is a "
                + "gan-lab flag; rename the option", r.getValue().strip());
    }
}
