package org.ganlab.experiments.data;

import org.ganlab.tensor.Rng;

/**
 * Batches of example indices from epochs, each epoch a fresh permutation drawn from the sampler's own
 * random stream (Fisher–Yates): every example once an epoch, the same order for the same stream,
 * and a batch that crosses an epoch's end takes the rest of it and the start of the next. Its state
 * (the stream as it was when the current epoch was drawn, and the position in it) is what a
 * checkpoint keeps: {@link #restore} continues the run bit for bit.
 */
public final class EpochSampler {

    private final int size;
    private final Rng rng;
    private final int[] order;
    private Rng.State epochStart;
    private int position;
    private long epoch;

    /** What resumes the sampler: the stream at the current epoch's start, the epoch and the position in it. */
    public record State(Rng.State epochStart, long epoch, int position) {
    }

    public EpochSampler(int size, Rng rng) {
        if (size < 1) {
            throw new IllegalArgumentException("an epoch needs at least one example, got " + size);
        }
        this.size = size;
        this.rng = rng;
        this.order = new int[size];
        shuffle();
        this.epoch = 0;
    }

    /** The next {@code batch} indices. */
    public int[] next(int batch) {
        int[] indices = new int[batch];
        for (int i = 0; i < batch; i++) {
            if (position == size) {
                shuffle();
                epoch++;
            }
            indices[i] = order[position++];
        }
        return indices;
    }

    /** Completed epochs so far (0 during the first). */
    public long epoch() {
        return epoch;
    }

    public State state() {
        return new State(epochStart, epoch, position);
    }

    /** Continues from a saved state: the same epoch's permutation, from the same position. */
    public void restore(State s) {
        rng.restore(s.epochStart());
        shuffle();
        epoch = s.epoch();
        position = s.position();
    }

    private void shuffle() {
        epochStart = rng.state();
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = (int) (rng.nextDouble() * (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        position = 0;
    }
}
