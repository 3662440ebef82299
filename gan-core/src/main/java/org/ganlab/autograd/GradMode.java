package org.ganlab.autograd;

/**
 * Whether operations record a graph, per thread, like PyTorch's grad mode.
 * {@code try (var g = GradMode.noGrad()) { ... }} evaluates without recording.
 */
public final class GradMode {

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Stops recording until closed. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Records again until closed (inside a no-grad scope, or for {@code createGraph}). */
    public static Scope enableGrad() {
        return set(true);
    }

    public static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** Closing restores the previous mode. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
