package org.ganlab.experiments.mixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.run.Snapshot;
import org.ganlab.experiments.testing.Outputs;
import org.ganlab.experiments.wiring.Gan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixtureExperimentTest {

    static final Gan GAN = new Gan();

    @TempDir
    Path out;

    private RunRecord run(String experiment, long seed, int steps, String... options) throws IOException {
        RunConfig.Builder b = GAN.get(Experiments.class).get(experiment).defaults().toBuilder().seed(seed).steps(steps);
        for (int i = 0; i < options.length; i += 2) {
            b.option(options[i], options[i + 1]);
        }
        b.snapshotEvery = steps / 2;
        b.lr(3e-4);
        return GAN.run(b.build(), Outputs.quiet(out));
    }

    @Test
    void anEasyTwoModeMixtureIsCoveredOnEverySeed() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            RunRecord r = run("ring", seed, 1500, "modes", "2", "std", "0.2", "hidden", "32");
            assertEquals(RunRecord.Status.COMPLETED, r.status());
            assertEquals(2, ((Number) r.results().get("modes")).intValue());
            assertTrue(r.success().orElseThrow(), "seed " + seed + ": " + r.results());
            assertTrue(((Number) r.results().get("high_quality_fraction")).doubleValue() > 0.5, r.results().toString());
        }
    }

    @Test
    void aRunWritesItsSamplesModesAndCoverage() throws IOException {
        RunRecord r = run("grid", 1, 40, "hidden", "16");
        assertEquals(25, ((Number) r.results().get("modes")).intValue());
        for (String file : new String[] {"samples.png", "training.gif", "modes.png", "coverage.png", "losses.png"}) {
            assertTrue(Files.size(r.dir().resolve(file)) > 1000, file);
        }
        String summary = Files.readString(r.dir().resolve("summary.json"));
        for (String key : new String[] {"\"modes\"", "\"modes_covered\"", "\"high_quality_fraction\"", "\"reverse_kl\"",
            "\"success\""}) {
            assertTrue(summary.contains(key), key + " in " + summary);
        }
    }

    /**
     * A resumed run's pictures and time are the whole run's: the snapshots taken before its checkpoint
     * come back with it (no gap in the film or the coverage chart), and its training time counts the
     * time before the checkpoint too.
     */
    @Test
    void aResumedRunKeepsItsFilmAndItsTimeFromBeforeTheCheckpoint() throws Exception {
        Gan gan = GAN;
        RunConfig config = gan.get(Experiments.class).get("ring").defaults().toBuilder().steps(400).option("hidden", "16")
                .build();
        RunConfig.Builder shorter = config.toBuilder().steps(200);
        shorter.snapshotEvery = 50;
        OutputSettings.Builder first = Outputs.quiet(out).toBuilder();
        first.checkpointEvery = 100;
        RunRecord part = gan.run(shorter.build(), first.build());
        RunConfig.Builder longer = config.toBuilder();
        longer.snapshotEvery = 50;
        OutputSettings.Builder resumed = first.build().toBuilder();
        resumed.runDir = part.dir();
        resumed.resume = true;
        RunRecord whole = gan.run(longer.build(), resumed.build());
        List<Integer> steps = whole.log().snapshots(MixtureExperiment.FRAMES).stream()
                .map(Snapshot::step).toList();
        assertEquals(List.of(0, 50, 100, 150, 200, 250, 300, 350, 400), steps,
                "every snapshot, before and after the checkpoint");
        assertTrue(whole.seconds() > part.seconds(), whole.seconds() + " s, of which " + part.seconds() + " s before");
    }
}
