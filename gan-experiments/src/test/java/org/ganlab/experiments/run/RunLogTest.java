package org.ganlab.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogTest {

    @TempDir
    Path tmp;

    static final Snapshot.Kind<Integer> FILM = new Snapshot.Kind<>("film", Integer.class);

    @Test
    void aLongRunKeepsAnEvenSpreadOfSnapshotsAndTheLast() {
        RunLog log = new RunLog(tmp, 1, true);
        for (int s = 1; s <= 1001; s++) {
            log.snapshot(FILM, s, s);
        }
        List<Snapshot<Integer>> film = log.snapshots(FILM);
        assertTrue(film.size() <= Snapshots.MAX_SNAPSHOTS + 1, "bounded: " + film.size());
        assertEquals(1, film.get(0).step());
        assertEquals(1001, film.get(film.size() - 1).step(), "the final state is always there");
        int gap = film.get(1).step() - film.get(0).step();
        for (int i = 1; i < film.size() - 1; i++) {
            assertEquals(gap, film.get(i).step() - film.get(i - 1).step(), "evenly spread");
        }
        log.close();
    }

    @Test
    void aShortRunKeepsEverySnapshot() {
        RunLog log = new RunLog(tmp, 1, true);
        for (int s = 1; s <= 100; s++) {
            log.snapshot(FILM, s, s);
        }
        assertEquals(100, log.snapshots(FILM).size());
        log.close();
    }
}
