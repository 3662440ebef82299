package org.ganlab.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.io.RunDirectory;
import org.ganlab.experiments.sweep.SweepRunner;
import org.ganlab.experiments.tracking.MlflowCredentials;
import org.ganlab.experiments.tracking.MlflowException;
import org.ganlab.experiments.tracking.MlflowSync;
import org.ganlab.experiments.tracking.SyncState;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code gan mlflow-sync DIR...}: sends what run or sweep folders still owe their MLflow server. */
final class MlflowSyncCommand {

    private MlflowSyncCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("mlflow-sync").mixinStandardHelpOptions(true);
        spec.usageMessage().description("Sends to MLflow what run or sweep folders could not send when they ran "
                + "(server down or failing). Safe to repeat: nothing is stored twice.");
        spec.addPositional(PositionalParamSpec.builder().type(String[].class).arity("1..*").required(true).paramLabel("DIR")
                .description("run folders or sweep folders").build());
        spec.addOption(OptionSpec.builder("--mlflow").type(String.class).paramLabel("URI")
                .description("send to this server instead of the one recorded").build());
        return spec;
    }

    /**
     * Exit 0 when everything is sent; 2 when the server refused the credentials or its certificate is
     * not trusted (a setting to fix, said once); else 1 when something still could not be sent.
     */
    static int run(ParseResult parsed, PrintStream out, PrintStream err) throws IOException {
        String uri = parsed.matchedOptionValue("--mlflow", null);
        if (uri != null) {
            OutputSettings.Tracking.checkUri(uri, "--mlflow");
        }
        MlflowCredentials.fromEnvironment(); // a half-given login or unreadable CA file: exit 2 before anything
        int pending = 0;
        Set<String> refusals = new LinkedHashSet<>();
        for (String d : parsed.<String[]>matchedPositionalValue(0, new String[0])) {
            for (Path folder : folders(Path.of(d))) {
                try {
                    SyncState s = MlflowSync.sync(folder, uri);
                    out.println(folder + ": " + (s.finished ? "sent" : "created (still running)") + ", MLflow run " + s.runId);
                } catch (MlflowException e) {
                    pending++;
                    if (e.kind() == MlflowException.Kind.CREDENTIALS) {
                        refusals.add(e.getMessage());
                        err.println(folder + ": not sent (kept for the next mlflow-sync)");
                    } else {
                        err.println(folder + ": not sent: " + e.getMessage());
                    }
                }
            }
        }
        refusals.forEach(m -> err.println("gan mlflow-sync: " + m));
        return !refusals.isEmpty() ? 2 : pending == 0 ? 0 : 1;
    }

    /** The folder itself, and for a sweep every run folder below it that has a sync state. */
    private static List<Path> folders(Path dir) throws IOException {
        RunDirectory.requireFolder(dir, "run or sweep folder");
        if (!SyncState.exists(dir)) {
            throw new IllegalArgumentException(dir + " has no MLflow spool (" + SyncState.DIR + "/" + SyncState.FILE
                    + "): it was not run with --mlflow");
        }
        List<Path> folders = new ArrayList<>(List.of(dir));
        if (Files.exists(dir.resolve(SweepRunner.PLAN_FILE)) && Files.isDirectory(dir.resolve("runs"))) {
            try (Stream<Path> walk = Files.walk(dir.resolve("runs"), 2)) {
                walk.filter(p -> !p.equals(dir.resolve("runs")) && SyncState.exists(p)).sorted().forEach(folders::add);
            }
        }
        return folders;
    }
}
