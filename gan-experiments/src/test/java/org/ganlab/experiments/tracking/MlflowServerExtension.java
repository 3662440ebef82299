package org.ganlab.experiments.tracking;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Provides a real MLflow server of the pinned version to a test class, one of two kinds:
 * <ul>
 * <li>{@code mlflow server} as a child process (installed by {@code scripts/install-mlflow.sh}, found
 * through {@code MLFLOW_BIN} or the PATH), SQLite store and proxied artifacts in a temporary folder,
 * on a free port of 127.0.0.1;</li>
 * <li>a Testcontainers container of {@code gan-lab/mlflow:VERSION}, the image that
 * {@code scripts/mlflow-image.sh} builds here without any registry, with the container's own store,
 * on a mapped port, ready when {@code /health} answers.</li>
 * </ul>
 * {@code -Dgan.mlflow.server=container} asks for the container (the second run of these tests,
 * surefire's {@code mlflow-container} execution); otherwise the process, or the container when only
 * Docker is there. Without the kind asked for, tests are skipped with the reason; under
 * {@code CI=true} the process run must happen and fails instead, while the container run says why
 * it could not (no engine, no image) and is skipped.
 */
@SuppressWarnings("try") // close() may be interrupted while waiting for the server to exit; fine in tests
public final class MlflowServerExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, ParameterResolver {

    static final String VERSION = "3.17.2";
    static final String IMAGE = "gan-lab/mlflow:" + VERSION;
    static final String KIND_PROPERTY = "gan.mlflow.server";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MlflowServerExtension.class);

    static boolean containerRun() {
        return "container".equals(System.getProperty(KIND_PROPERTY));
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Without a server every test is reported skipped with the reason (surefire counts them), rather
     * than the class vanishing from the counts as an aborted beforeAll made it.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = unavailableReason();
        if (reason == null || context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("an MLflow server can be started");
        }
        if (ci() && !containerRun()) {
            return ConditionEvaluationResult.enabled("under CI=true these tests must run, and fail without a server");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        MlflowServer server = newServer(Map.of(), null);
        if (server == null) {
            if (ci() && !containerRun()) {
                throw new IllegalStateException(unavailableReason() + "; under CI=true these tests must run");
            }
            System.err.println(context.getDisplayName() + " skipped: " + unavailableReason());
            return; // each test is disabled by evaluateExecutionCondition
        }
        server.start();
        context.getStore(NS).put("server", server);
    }

    /** Why no server of the asked kind can be had here, or null when one can. */
    static String unavailableReason() {
        if (containerRun()) {
            if (!dockerAvailable()) {
                return "no Docker engine for the container run of the MLflow tests (as root, scripts/mlflow-image.sh "
                        + "install starts one); the process run covers the same tests";
            }
            return imagePresent() ? null : "no image " + IMAGE + " for the container run of the MLflow tests (build it "
                    + "with scripts/mlflow-image.sh); the process run covers the same tests";
        }
        if (executable() != null || (dockerAvailable() && imagePresent())) {
            return null;
        }
        return "no MLflow server for the tracking tests: no `mlflow` (set MLFLOW_BIN, or run "
                + "scripts/install-mlflow.sh) and no Docker engine with " + IMAGE + " (scripts/mlflow-image.sh)";
    }

    /** A server of the kind this run asks for, with {@code mlflow server} arguments added; null when none can be had. */
    static MlflowServer newServer(Map<String, String> env, String authIni, String... extraArgs) throws IOException {
        String executable = executable();
        if (!containerRun() && executable != null) {
            return new ProcessServer(executable, List.of(extraArgs), env, authIni);
        }
        if (dockerAvailable() && imagePresent()) {
            return new ContainerServer(List.of(extraArgs), env, authIni);
        }
        return null;
    }

    /**
     * MLflow's own {@code basic-auth} app with an {@code admin} of the given password: its user store
     * beside the server's data, and checked passwords remembered (each check costs about a second of
     * PBKDF2 here). Null when no server can be had.
     */
    static MlflowServer basicAuthServer(String adminPassword) throws IOException {
        String ini = "[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///%s/auth.db\nadmin_username = admin\n"
                + "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\nauth_cache_ttl_seconds = 600\n";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLFLOW_AUTH_ADMIN_PASSWORD", adminPassword);
        env.put("MLFLOW_FLASK_SERVER_SECRET_KEY", UUID.randomUUID().toString());
        return newServer(env, ini, "--app-name", "basic-auth");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        MlflowServer server = context.getStore(NS).remove("server", MlflowServer.class);
        if (server instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == MlflowServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getStore(NS).get("server", MlflowServer.class);
    }

    static String executable() {
        String configured = System.getenv("MLFLOW_BIN");
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "mlflow");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static Boolean docker;
    private static Boolean image;

    /**
     * Asks Testcontainers only where a daemon may be listening: without one it logs a page of ERROR
     * lines into the build output before saying no.
     */
    private static synchronized boolean dockerAvailable() {
        if (docker == null) {
            String host = System.getenv("DOCKER_HOST");
            boolean socket = (host != null && !host.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"))
                    || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
            docker = socket && askTestcontainers();
        }
        return docker;
    }

    private static boolean askTestcontainers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable notThere) {
            return false;
        }
    }

    /** The image is here: Testcontainers would otherwise try to pull it from a registry. */
    private static synchronized boolean imagePresent() {
        if (image == null) {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
                image = true;
            } catch (NotFoundException e) {
                image = false;
            }
        }
        return image;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitHealth(String uri, Process process) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(uri + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("mlflow server at " + uri + " not healthy within 180 s");
    }

    /** {@code mlflow server} as a child process; stop ends its whole process tree. */
    static final class ProcessServer implements MlflowServer, AutoCloseable {
        private final String executable;
        private final List<String> extraArgs;
        private final Map<String, String> env;
        private final Path data;
        private final int port;
        private Process process;

        ProcessServer(String executable, List<String> extraArgs, Map<String, String> env, String authIni) throws IOException {
            this.executable = executable;
            this.extraArgs = extraArgs;
            this.env = new LinkedHashMap<>(env);
            this.data = Files.createTempDirectory("gan-mlflow-");
            this.port = freePort();
            if (authIni != null) {
                Path ini = data.resolve("auth.ini");
                Files.writeString(ini, String.format(authIni, data));
                this.env.put("MLFLOW_AUTH_CONFIG_PATH", ini.toString());
            }
        }

        @Override
        public String uri() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void start() throws Exception {
            List<String> command = new ArrayList<>(List.of(executable, "server", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--backend-store-uri", "sqlite:///" + data.resolve("mlflow.db"),
                    "--artifacts-destination", data.resolve("artifacts").toString(), "--workers", "1"));
            command.addAll(extraArgs);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()));
            pb.environment().putAll(env);
            process = pb.start();
            awaitHealth(uri(), process);
        }

        @Override
        public void stop() throws Exception {
            // uvicorn's graceful shutdown waits for idle keep-alive connections (this JVM's HTTP clients
            // hold some) without a limit: SIGTERM, a few seconds, then SIGKILL. SQLite keeps what was committed.
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            for (ProcessHandle h : tree) {
                try {
                    h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                }
            }
            for (ProcessHandle h : tree) {
                h.onExit().get(20, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() throws Exception {
            stop();
            try (var files = Files.walk(data)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * A container of {@link #IMAGE}. Its host port is fixed when it is created, so that stop (docker
     * stop: the port refuses connections, as a server that is down does) and start keep one URI and
     * the container's data. Closing removes it, and checks that it is gone.
     */
    static final class ContainerServer implements MlflowServer, AutoCloseable {
        private final GenericContainer<?> container;
        private final int port;
        private boolean created;

        @SuppressWarnings("resource")
        ContainerServer(List<String> extraArgs, Map<String, String> env, String authIni) throws IOException {
            this.port = freePort();
            List<String> command = new ArrayList<>(List.of("mlflow", "server", "--host", "0.0.0.0", "--port", "5000",
                    "--backend-store-uri", "sqlite:////tmp/mlflow.db", "--artifacts-destination", "/tmp/artifacts",
                    "--workers", "1", "--allowed-hosts", "*"));
            command.addAll(extraArgs);
            GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(5000)
                    .withCommand(command.toArray(String[]::new)).withEnv(env)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                            new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), new ExposedPort(5000))))
                    .waitingFor(Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
            if (authIni != null) {
                c = c.withCopyToContainer(Transferable.of(String.format(authIni, "/tmp")), "/tmp/auth.ini")
                        .withEnv("MLFLOW_AUTH_CONFIG_PATH", "/tmp/auth.ini");
            }
            this.container = c;
        }

        @Override
        public String uri() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void start() throws Exception {
            if (!created) {
                container.start();
                created = true;
            } else {
                container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
                awaitHealth(uri(), null);
            }
        }

        @Override
        public void stop() {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(3).exec();
        }

        @Override
        public void close() {
            String id = container.getContainerId();
            container.stop();
            try {
                DockerClientFactory.instance().client().inspectContainerCmd(id).exec();
                throw new IllegalStateException("container " + id + " of " + IMAGE + " is still there after the tests");
            } catch (NotFoundException gone) {
                // removed, as it must be
            }
        }
    }
}
