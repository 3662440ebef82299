package org.ganlab.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The single-node SLURM cluster of {@code scripts/slurm-local.sh}, for tests that submit real jobs:
 * its {@code slurm.conf} (from the script's {@code env}) and the SLURM commands, run against it.
 * Tests using it are skipped with the reason when it is not running, except under {@code CI=true},
 * where they must run and fail instead. A real cluster is never used: its file systems are not this
 * machine's temporary folders.
 */
public final class LocalSlurm implements ExecutionCondition {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path SCRIPT = ROOT.resolve("scripts/slurm-local.sh");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = unavailableReason();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("the local SLURM cluster answers");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("under CI=true this must run, and fails: " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Why no local cluster can be used, or null when it answers. */
    static String unavailableReason() {
        try {
            Result status = exec(List.of(SCRIPT.toString(), "status"), Map.of(), 30);
            if (status.exit() != 0) {
                return "no local SLURM cluster running (" + status.output().strip() + "); start one with "
                        + "scripts/slurm-local.sh install && scripts/slurm-local.sh start";
            }
            return null;
        } catch (IOException e) {
            return "scripts/slurm-local.sh could not be run: " + e.getMessage();
        }
    }

    record Result(int exit, String output) {
    }

    /** The cluster's environment: {@code SLURM_CONF} as the script prints it. */
    static Map<String, String> environment() throws IOException {
        Result env = exec(List.of(SCRIPT.toString(), "env"), Map.of(), 30);
        assertEquals(0, env.exit(), env.output());
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : env.output().split("\n")) {
            if (line.startsWith("export ")) {
                String[] kv = line.substring("export ".length()).split("=", 2);
                vars.put(kv[0], kv[1]);
            }
        }
        return vars;
    }

    /** Runs a command to its end, its output and error together. */
    static Result exec(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(ROOT.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** {@code sbatch --parsable ARGS} in the repository root; the job id. */
    static String sbatch(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(List.of(args));
        Result r = exec(command, env, 60);
        assertEquals(0, r.exit(), "sbatch " + String.join(" ", args) + ": " + r.output());
        return r.output().strip().split(";")[0];
    }

    /** Waits until no task of the job is pending or running. */
    static void awaitEnd(Map<String, String> env, String job, int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!exec(List.of("squeue", "-h", "-j", job, "-o", "%i %T"), env, 30).output().isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job + " still queued or running after " + timeoutSeconds + " s:\n"
                        + exec(List.of("squeue", "-j", job), env, 30).output());
            }
            Thread.sleep(250);
        }
    }

    /** Each task's final state and exit code, e.g. {@code 12_0 -> COMPLETED 0:0}, from scontrol (kept 10 min). */
    static Map<String, String> states(Map<String, String> env, String job) throws IOException {
        Result r = exec(List.of("scontrol", "-o", "show", "job", job), env, 30);
        assertEquals(0, r.exit(), r.output());
        Map<String, String> states = new LinkedHashMap<>();
        for (String line : r.output().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String token : line.split(" ")) {
                String[] kv = token.split("=", 2);
                if (kv.length == 2) {
                    fields.put(kv[0], kv[1]);
                }
            }
            String task = fields.containsKey("ArrayTaskId") ? fields.get("ArrayJobId") + "_" + fields.get("ArrayTaskId")
                    : fields.get("JobId");
            states.put(task, fields.get("JobState") + " " + fields.get("ExitCode"));
        }
        return states;
    }

    static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
        } catch (IOException e) {
            return "(unreadable " + file + ")";
        }
    }
}
