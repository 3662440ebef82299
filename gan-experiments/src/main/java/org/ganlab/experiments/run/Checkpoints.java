package org.ganlab.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.io.AtomicFile;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;
import org.ganlab.optim.Optimizer;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * A run's checkpoints: {@code checkpoint.json} in the run folder, written atomically every
 * {@code --checkpoint-every} steps and at the end, holding everything the steps still to come
 * depend on: the networks' parameters, the optimisers' state, the tricks' state, every random
 * stream of the run, the step, and how much of metrics.csv belongs to it. A resumed run rebuilds
 * the experiment from its seed exactly as the first time (same networks, same streams in the same
 * order), then loads the checkpoint over it and continues; its files end as an uninterrupted
 * run's would.
 *
 * <p>What is saved is what was tracked: the networks {@link TrainingLoop} watches, and the
 * optimisers and tricks an experiment (or {@link GanTraining}) hands to {@link #track}.
 */
public final class Checkpoints {

    public static final String FILE = "checkpoint.json";
    static final int FORMAT = 1;

    private final Path dir;
    private final int every;
    private final boolean resume;
    private final Rng streams;
    private final Map<String, Object> identity;
    private final Map<String, Optimizer> optimizers = new LinkedHashMap<>();
    private final Map<String, Trick> tricks = new LinkedHashMap<>();
    private final Map<String, Part<?>> parts = new LinkedHashMap<>();
    private Map<String, Module> modules = Map.of();
    private final long startNanos = System.nanoTime();
    /** Training seconds before this process: those of the run the checkpoint came from. */
    private double earlierSeconds;

    /** One tensor's shape and values; null in a list where a state has no tensor yet. */
    record TensorData(int[] shape, float[] values) {
        static TensorData of(Tensor t) {
            return t == null ? null : new TensorData(t.shape(), t.toFloatArray());
        }

        Tensor tensor() {
            return Tensor.of(values, shape);
        }
    }

    /**
     * @param dir the run folder
     * @param every steps between checkpoints, 0 for none (a resumed run may still load one)
     * @param resume whether to continue from the folder's checkpoint
     * @param streams the run's tracked root stream ({@link Rng#tracked})
     * @param identity what a checkpoint must match to be continued: the run's settings, less its
     *     length, and the versions that computed it
     */
    public Checkpoints(Path dir, int every, boolean resume, Rng streams, Map<String, Object> identity) {
        this.dir = dir;
        this.every = every;
        this.resume = resume;
        this.streams = streams;
        this.identity = identity;
    }

    /** A run with neither checkpoints nor resume (tests, tools). */
    public static Checkpoints none() {
        return new Checkpoints(null, 0, false, null, Map.of());
    }

    /** The run's training seconds so far: this process's, and those before its checkpoint for a resumed run. */
    public double seconds() {
        return earlierSeconds + (System.nanoTime() - startNanos) / 1e9;
    }

    public void track(String name, Optimizer optimizer) {
        optimizers.put(name, optimizer);
    }

    public void track(Trick trick) {
        tricks.put(trick.name(), trick);
    }

    /** Other state a run's steps depend on (a data sampler's place in its epoch), saved as JSON. */
    private record Part<S>(Class<S> type, java.util.function.Supplier<S> save, java.util.function.Consumer<S> restore) {
        void load(JsonNode saved) throws IOException {
            restore.accept(Json.MAPPER.treeToValue(saved, type));
        }
    }

    /** Saves {@code save}'s value with each checkpoint and gives it to {@code restore} on resume, after the streams. */
    public <S> void track(String name, Class<S> type, java.util.function.Supplier<S> save,
            java.util.function.Consumer<S> restore) {
        parts.put(name, new Part<>(type, save, restore));
    }

    boolean active() {
        return every > 0 || resume;
    }

    /**
     * Before step 1: for a resumed run, loads the checkpoint into the tracked state and metrics.csv's
     * writer and returns its step; else 0.
     */
    int start(Map<String, Module> watched, RunLog log) {
        this.modules = watched;
        if (!active()) {
            return 0;
        }
        if (watched.isEmpty()) {
            throw new IllegalArgumentException("--checkpoint-every: this experiment's training watches no network, so "
                    + "there is nothing it could save");
        }
        if (!resume) {
            return 0;
        }
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw noCheckpoint(dir);
        }
        try {
            return load(Json.MAPPER.readTree(file.toFile()), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** After each step: a checkpoint every {@code every} steps and after the last. */
    void afterStep(int step, int lastStep, RunLog log) {
        if (every > 0 && (step % every == 0 || step == lastStep)) {
            save(step, log);
        }
    }

    private void save(int step, RunLog log) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("format", FORMAT);
        c.put("identity", identity);
        c.put("step", step);
        c.put("every", every);
        c.put("metrics", log.position());
        c.put("seconds", seconds());
        c.put("snapshots", log.films().save());
        Map<String, Map<String, TensorData>> nets = new LinkedHashMap<>();
        modules.forEach((name, m) -> {
            Map<String, TensorData> params = new LinkedHashMap<>();
            m.namedState().forEach((p, t) -> params.put(p, TensorData.of(t))); // parameters, then buffers (running statistics)
            nets.put(name, params);
        });
        c.put("networks", nets);
        Map<String, Optimizer.State> opts = new LinkedHashMap<>();
        optimizers.forEach((name, o) -> opts.put(name, o.state()));
        c.put("optimizers", opts);
        Map<String, List<TensorData>> trickStates = new LinkedHashMap<>();
        tricks.forEach((name, t) -> trickStates.put(name, t.state().stream().map(TensorData::of).toList()));
        c.put("tricks", trickStates);
        c.put("streams", streams.streams().stream().map(Rng::state).toList());
        if (!parts.isEmpty()) {
            Map<String, Object> saved = new LinkedHashMap<>();
            parts.forEach((name, p) -> saved.put(name, p.save().get()));
            c.put("parts", saved);
        }
        try {
            // One line: megabytes of parameters indented would be larger and slower, and no one reads them by eye.
            AtomicFile.write(dir.resolve(FILE), out -> Json.MAPPER.writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValue(out, c));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    /** A folder's checkpoint: its step and interval; null when the folder has none. */
    public record Saved(int step, int every) {
    }

    /** The folder's checkpoint, or a user error saying why there is none. */
    public static Saved requireSaved(Path dir) {
        Saved saved = saved(dir);
        if (saved == null) {
            throw noCheckpoint(dir);
        }
        return saved;
    }

    private static IllegalArgumentException noCheckpoint(Path dir) {
        return new IllegalArgumentException(dir + " has no " + FILE + ": the run was not started with "
                + "--checkpoint-every, or stopped before its first checkpoint");
    }

    public static Saved saved(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode c = Json.MAPPER.readTree(file.toFile());
            return new Saved(c.get("step").asInt(), c.get("every").asInt());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage());
        }
    }

    private int load(JsonNode c, RunLog log) throws IOException {
        if (c.get("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("the checkpoint in " + dir + " has format " + c.get("format")
                    + "; this gan-lab reads format " + FORMAT);
        }
        // Compared as JSON text: a number read back is an int where the run holds a long.
        JsonNode saved = c.get("identity");
        JsonNode now = Json.MAPPER.valueToTree(identity);
        if (!saved.toString().equals(now.toString())) {
            List<String> differ = new ArrayList<>();
            java.util.Set<String> keys = new java.util.TreeSet<>();
            saved.fieldNames().forEachRemaining(keys::add);
            now.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String was = String.valueOf(saved.get(k));
                String is = String.valueOf(now.get(k));
                if (!was.equals(is)) {
                    differ.add(k + " " + was + " (checkpoint) vs " + is + " (now)");
                }
            }
            throw new IllegalArgumentException("the checkpoint in " + dir + " is of another config or version: "
                    + String.join("; ", differ));
        }
        try (var noGrad = GradMode.noGrad()) {
            for (Map.Entry<String, Module> m : modules.entrySet()) {
                JsonNode params = c.get("networks").get(m.getKey());
                for (Map.Entry<String, Tensor> p : m.getValue().namedState().entrySet()) {
                    TensorData d = Json.MAPPER.treeToValue(params.get(p.getKey()), TensorData.class);
                    p.getValue().assign(d.tensor());
                }
            }
            for (Map.Entry<String, Optimizer> o : optimizers.entrySet()) {
                o.getValue().loadState(Json.MAPPER.treeToValue(c.get("optimizers").get(o.getKey()), Optimizer.State.class));
            }
            for (Map.Entry<String, Trick> t : tricks.entrySet()) {
                List<Tensor> state = new ArrayList<>();
                for (JsonNode n : c.get("tricks").get(t.getKey())) {
                    TensorData d = n.isNull() ? null : Json.MAPPER.treeToValue(n, TensorData.class);
                    state.add(d == null ? null : MemoryScope.keep(d.tensor()));
                }
                t.getValue().loadState(state);
            }
        }
        List<Rng> all = streams.streams();
        JsonNode savedStreams = c.get("streams");
        if (savedStreams.size() != all.size()) {
            throw new IllegalArgumentException("the checkpoint in " + dir + " has " + savedStreams.size()
                    + " random streams; this run made " + all.size() + " (another version of the experiment?)");
        }
        for (int i = 0; i < all.size(); i++) {
            all.get(i).restore(Json.MAPPER.treeToValue(savedStreams.get(i), Rng.State.class));
        }
        for (Map.Entry<String, Part<?>> p : parts.entrySet()) {
            if (!c.path("parts").has(p.getKey())) {
                throw new IllegalArgumentException("the checkpoint in " + dir + " has no " + p.getKey()
                        + " state (another version of the experiment?)");
            }
            p.getValue().load(c.get("parts").get(p.getKey()));
        }
        log.resume(Json.MAPPER.treeToValue(c.get("metrics"), RunLog.Position.class));
        if (c.has("snapshots")) { // what the run showed before the checkpoint: its films go on from there
            log.films().restore(Json.MAPPER.convertValue(c.get("snapshots"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Snapshots.SavedFilm>>() { }));
        }
        earlierSeconds = c.path("seconds").asDouble(0);
        return c.get("step").asInt();
    }
}
