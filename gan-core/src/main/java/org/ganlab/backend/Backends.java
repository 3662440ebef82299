package org.ganlab.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds backends with {@link ServiceLoader} and picks one. Order of precedence: an explicit name,
 * the system property {@code gan.backend}, the environment variable {@code GAN_BACKEND}, then the
 * available provider of highest priority.
 */
public final class Backends {

    public static final String PROPERTY = "gan.backend";
    public static final String ENVIRONMENT = "GAN_BACKEND";

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final Map<String, Backend> CREATED = new ConcurrentHashMap<>();
    private static final ThreadLocal<Backend> SCOPED = new ThreadLocal<>();
    private static volatile List<BackendProvider> providers;
    private static volatile Backend defaultBackend;

    private Backends() {
    }

    /** All providers on the classpath, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = providers;
        if (found == null) {
            synchronized (Backends.class) {
                if (providers == null) {
                    List<BackendProvider> list = new ArrayList<>();
                    ServiceLoader.load(BackendProvider.class).forEach(list::add);
                    list.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
                            .thenComparing(BackendProvider::name));
                    providers = List.copyOf(list);
                }
                found = providers;
            }
        }
        return found;
    }

    /** The backend of that name; fails listing the backends found when there is none or it is unavailable. */
    public static Backend get(String name) {
        String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
        for (BackendProvider p : providers()) {
            if (p.name().equals(wanted)) {
                if (!p.isAvailable()) {
                    // the reason once: the list names only the others
                    throw new UnknownBackendException("backend '" + wanted + "' is not available here: "
                            + p.unavailableReason() + "; other backends: " + describe(providers().stream()
                                    .filter(o -> o != p).toList()));
                }
                return CREATED.computeIfAbsent(p.name(), n -> p.create());
            }
        }
        throw new UnknownBackendException("unknown backend '" + name + "'; backends found: " + describeProviders());
    }

    /** The backend chosen by property, environment or priority (computed once per process). */
    public static Backend getDefault() {
        Backend b = defaultBackend;
        if (b == null) {
            synchronized (Backends.class) {
                if (defaultBackend == null) {
                    defaultBackend = choose(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
                    LOG.debug("default backend: {}", defaultBackend.name());
                }
                b = defaultBackend;
            }
        }
        return b;
    }

    /** Explicit name, else property, else environment, else the available provider of highest priority. */
    static Backend choose(String property, String environment) {
        if (property != null && !property.isBlank()) {
            return get(property);
        }
        if (environment != null && !environment.isBlank()) {
            return get(environment);
        }
        for (BackendProvider p : providers()) {
            if (p.isAvailable()) {
                return get(p.name());
            }
            LOG.info("backend '{}' unavailable: {}", p.name(), p.unavailableReason());
        }
        throw new UnknownBackendException("no available backend on the classpath; backends found: "
                + describeProviders() + ". Add a backend jar such as gan-backend-cpu.");
    }

    /** The backend new tensors are created on in this thread: the innermost {@link #use} scope, else the default. */
    public static Backend current() {
        Backend b = SCOPED.get();
        return b != null ? b : getDefault();
    }

    /** Makes {@code backend} current for this thread until the returned scope is closed. */
    public static Scope use(Backend backend) {
        Backend previous = SCOPED.get();
        SCOPED.set(backend);
        return () -> SCOPED.set(previous);
    }

    /** "cpu (priority 10), cuda (unavailable: no driver)" — for messages and listings. */
    public static String describeProviders() {
        return describe(providers());
    }

    private static String describe(List<BackendProvider> providers) {
        if (providers.isEmpty()) {
            return "none";
        }
        return providers.stream()
                .map(p -> p.isAvailable() ? p.name() + " (priority " + p.priority() + ")"
                        : p.name() + " (unavailable: " + p.unavailableReason() + ")")
                .collect(Collectors.joining(", "));
    }

    /** Closing restores the backend that was current before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
