package org.ganlab.experiments.sweep;

import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.Experiment;
import org.ganlab.experiments.Flag;
import org.ganlab.experiments.RunChecks;
import org.ganlab.experiments.RunConfig;
import org.ganlab.experiments.RunSettings;
import org.ganlab.experiments.cli.RunOptions;
import org.ganlab.experiments.tricks.Tricks;

/**
 * What a sweep runs: every combination of the grid values (a cell) times {@code seeds} replicates.
 * A run's seed is {@code baseSeed + replicate}, the same in every cell (common random numbers:
 * cells differ only by their settings), and its folder is fixed by (cell, replicate); so results
 * never depend on which thread or shard ran what, or in which order.
 */
public record SweepPlan(Experiment experiment, RunConfig base, List<Axis> axes, int seeds, long baseSeed,
        Map<String, Double> thresholds, Path out) {

    /** One run of the plan. */
    public record PlannedRun(int index, Cell cell, int replicate, RunConfig config) {
    }

    public List<Cell> cells(Tricks tricks) {
        List<Cell> cells = new ArrayList<>();
        int total = 1;
        for (Axis a : axes) {
            total *= a.values().size();
        }
        for (int i = 0; i < total; i++) {
            RunConfig.Builder b = base.toBuilder();
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
                apply(b, axis, value, tricks);
            }
            RunConfig config = b.build();
            RunChecks.check(experiment, config, tricks.create(config.tricks()));
            cells.add(new Cell(i, settings, config));
        }
        return cells;
    }

    private static void apply(RunConfig.Builder b, Axis axis, String value, Tricks tricks) {
        Flag flag = Flag.byKey(axis.key());
        if (flag == null) { // an experiment's own option
            b.option(axis.key(), value);
            return;
        }
        if (flag != Flag.TRICK) {
            RunOptions.apply(b, flag, value, tricks);
            return;
        }
        if (!value.equals(Axis.NO_TRICK)) {
            for (String part : value.split("\\+")) {
                RunOptions.apply(b, Flag.TRICK, part, tricks);
            }
        }
    }

    /** Every run, cell by cell, replicate by replicate. */
    public List<PlannedRun> runs(Tricks tricks) {
        List<PlannedRun> runs = new ArrayList<>();
        for (Cell cell : cells(tricks)) {
            for (int r = 0; r < seeds; r++) {
                RunConfig.Builder b = cell.config().toBuilder().seed(baseSeed + r).quiet(true);
                b.runDir = runDir(cell, r);
                b.artifacts = false;
                runs.add(new PlannedRun(runs.size(), cell, r, b.build()));
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
        d.put("experiment", experiment.name());
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
        Map<String, Object> fixed = new LinkedHashMap<>(RunSettings.of(experiment, base));
        fixed.remove("experiment");
        fixed.remove(Flag.SEED.key());
        d.put("fixed", fixed);
        d.put("success", new java.util.TreeMap<>(thresholds));
        return d;
    }
}
