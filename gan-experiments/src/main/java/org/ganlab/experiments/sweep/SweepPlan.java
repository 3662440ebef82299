package org.ganlab.experiments.sweep;

import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.tricks.Tricks;

/**
 * What a sweep runs: every combination of the grid values (a cell) times {@code seeds} replicates.
 * A run's seed is {@code baseSeed + replicate}, the same in every cell (common random numbers:
 * cells differ only by their settings), and its folder is fixed by (cell, replicate); so results
 * never depend on which thread or shard ran what, or in which order.
 *
 * @param typedBetas the betas the user gave as fixed flags: put back over a grid optimiser's defaults
 */
public record SweepPlan(RunPlan base, OutputSettings output, List<Axis> axes, int seeds, long baseSeed,
        Map<String, Double> thresholds, Path out, Map<Flag, String> typedBetas) {

    /** One run of the plan. */
    public record PlannedRun(int index, Cell cell, int replicate, RunConfig config, OutputSettings output) {
    }

    public Experiment experiment() {
        return base.experiment();
    }

    /** Every combination of the grid values, each config planned: a value that cannot run fails here, before any run. */
    public List<Cell> cells(Tricks tricks) {
        List<Cell> cells = new ArrayList<>();
        int total = 1;
        for (Axis a : axes) {
            total *= a.values().size();
        }
        for (int i = 0; i < total; i++) {
            RunConfig.Builder b = base.config().toBuilder();
            List<Map.Entry<String, String>> settings = new ArrayList<>();
            int rest = i;
            int[] choice = new int[axes.size()];
            for (int a = axes.size() - 1; a >= 0; a--) {
                choice[a] = rest % axes.get(a).values().size();
                rest /= axes.get(a).values().size();
            }
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                String value = axis.values().get(choice[a]);
                settings.add(new SimpleEntry<>(axis.key(), value));
                apply(b, axis, value);
            }
            // An optimiser from the grid drops the experiment's betas; the user's own stay.
            typedBetas.forEach((flag, text) -> flag.apply(text, b, OutputSettings.defaults().toBuilder()));
            RunConfig config = b.build();
            RunPlan.of(experiment(), config, tricks);
            cells.add(new Cell(i, settings, config));
        }
        return cells;
    }

    /** An axis value into the cell's config: a settings flag as the command line parses it, or an experiment's option. */
    private static void apply(RunConfig.Builder b, Axis axis, String value) {
        Flag flag = Flag.byKey(axis.key());
        if (flag == null) { // an experiment's own option
            b.option(axis.key(), value);
            return;
        }
        OutputSettings.Builder unused = OutputSettings.defaults().toBuilder(); // a grid varies settings only
        if (flag != Flag.TRICK) {
            flag.apply(value, b, unused);
            return;
        }
        if (!value.equals(Axis.NO_TRICK)) {
            for (String part : value.split("\\+")) {
                flag.apply(part, b, unused);
            }
        }
    }

    /** Every run, cell by cell, replicate by replicate. */
    public List<PlannedRun> runs(Tricks tricks) {
        List<PlannedRun> runs = new ArrayList<>();
        for (Cell cell : cells(tricks)) {
            for (int r = 0; r < seeds; r++) {
                RunConfig config = cell.config().toBuilder().seed(baseSeed + r).build();
                OutputSettings.Builder o = output.toBuilder().quiet(true);
                o.runDir = runDir(cell, r);
                o.artifacts = false;
                runs.add(new PlannedRun(runs.size(), cell, r, config, o.build()));
            }
        }
        return runs;
    }

    public Path runDir(Cell cell, int replicate) {
        return out.resolve("runs").resolve(cell.folder()).resolve("seed-" + (baseSeed + replicate));
    }

    /** The plan as data for {@code sweep.json}: equal plans write equal files, so shards and reruns can check. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("experiment", experiment().name());
        d.put("seeds", seeds);
        d.put("baseSeed", baseSeed);
        List<Map<String, Object>> grid = new ArrayList<>();
        for (Axis a : axes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", a.key());
            m.put("values", a.values());
            grid.add(m);
        }
        d.put("grid", grid);
        Map<String, Object> fixed = new LinkedHashMap<>(base.settings());
        fixed.remove("experiment");
        fixed.remove(Flag.SEED.key());
        d.put("fixed", fixed);
        d.put("success", new java.util.TreeMap<>(thresholds));
        return d;
    }
}
