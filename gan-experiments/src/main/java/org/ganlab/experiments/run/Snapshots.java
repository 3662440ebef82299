package org.ganlab.experiments.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        final List<Snapshot<?>> kept = new ArrayList<>();
        long offered;
        long keepEvery = 1;
        Snapshot<?> latest;

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
        films.computeIfAbsent(kind.name(), k -> new Film()).offer(new Snapshot<>(step, data));
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
}
