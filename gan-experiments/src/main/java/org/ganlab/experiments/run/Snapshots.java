package org.ganlab.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.io.Json;

/**
 * A run's snapshots, by kind, for strips and animations: at most {@link #MAX_SNAPSHOTS} of a kind
 * kept, evenly spread, and always the latest, so a long run keeps a bounded film.
 */
public final class Snapshots {

    /** Snapshots of one kind beyond this are thinned to every other one. */
    public static final int MAX_SNAPSHOTS = 256;

    private final Map<String, Film> films = new LinkedHashMap<>();

    /** One kind's snapshots: every {@code keepEvery}-th offered is kept, and the latest always. */
    private static final class Film {
        final Class<?> type;
        final List<Snapshot<?>> kept = new ArrayList<>();
        long offered;
        long keepEvery = 1;
        Snapshot<?> latest;

        Film(Class<?> type) {
            this.type = type;
        }

        void offer(Snapshot<?> s) {
            if (offered++ % keepEvery == 0) {
                kept.add(s);
                if (kept.size() > MAX_SNAPSHOTS) {
                    for (int i = kept.size() - 1; i > 0; i--) {
                        if (i % 2 == 1) {
                            kept.remove(i);
                        }
                    }
                    keepEvery *= 2;
                }
            }
            latest = s;
        }

        List<Snapshot<?>> all() {
            if (latest == null || (!kept.isEmpty() && kept.get(kept.size() - 1) == latest)) {
                return kept;
            }
            List<Snapshot<?>> all = new ArrayList<>(kept);
            all.add(latest);
            return all;
        }
    }

    public <T> void take(Snapshot.Kind<T> kind, int step, T data) {
        films.computeIfAbsent(kind.name(), k -> new Film(kind.type())).offer(new Snapshot<>(step, data));
    }

    /** A kind's snapshots in step order: all of them, or for a long run an even spread and the last. */
    @SuppressWarnings("unchecked") // take() records only T under a Kind<T>
    public <T> List<Snapshot<T>> of(Snapshot.Kind<T> kind) {
        Film film = films.get(kind.name());
        if (film == null) {
            return List.of();
        }
        List<Snapshot<T>> typed = new ArrayList<>();
        film.all().forEach(s -> typed.add((Snapshot<T>) s));
        return Collections.unmodifiableList(typed);
    }

    /**
     * One kind's film as a checkpoint keeps it: the type of its data, the thinning's counters, the
     * snapshots kept, and the latest when it is not the last of those.
     */
    public record SavedFilm(String type, long offered, long keepEvery, List<SavedSnapshot> kept, SavedSnapshot latest) {
    }

    /** A snapshot with its data as JSON. */
    public record SavedSnapshot(int step, JsonNode data) {
    }

    /** Every film, for a checkpoint. */
    public Map<String, SavedFilm> save() {
        Map<String, SavedFilm> saved = new LinkedHashMap<>();
        films.forEach((name, film) -> {
            List<SavedSnapshot> kept = film.kept.stream().map(Snapshots::save).toList();
            boolean latestKept = !film.kept.isEmpty() && film.kept.get(film.kept.size() - 1) == film.latest;
            saved.put(name, new SavedFilm(film.type.getName(), film.offered, film.keepEvery, kept,
                    film.latest == null || latestKept ? null : save(film.latest)));
        });
        return saved;
    }

    /** The films a checkpoint kept, in place of any taken before it was loaded. */
    public void restore(Map<String, SavedFilm> saved) {
        films.clear();
        saved.forEach((name, s) -> {
            Class<?> type;
            try {
                type = Class.forName(s.type());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("the checkpoint's snapshots '" + name + "' are of " + s.type()
                        + ", which this gan-lab does not have");
            }
            Film film = new Film(type);
            s.kept().forEach(k -> film.kept.add(load(k, type)));
            film.offered = s.offered();
            film.keepEvery = s.keepEvery();
            film.latest = s.latest() == null ? (film.kept.isEmpty() ? null : film.kept.get(film.kept.size() - 1))
                    : load(s.latest(), type);
            films.put(name, film);
        });
    }

    private static SavedSnapshot save(Snapshot<?> s) {
        return new SavedSnapshot(s.step(), Json.MAPPER.valueToTree(s.data()));
    }

    private static Snapshot<?> load(SavedSnapshot s, Class<?> type) {
        try {
            return new Snapshot<>(s.step(), Json.MAPPER.treeToValue(s.data(), type));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a checkpoint's snapshot at step " + s.step() + " cannot be read as "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
