package org.ganlab.experiments.tracking;

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
import java.util.Comparator;
import java.util.List;
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

/**
 * Provides a real MLflow server to a test class: {@code mlflow server} (the pinned version that
 * {@code scripts/install-mlflow.sh} installs; found through {@code MLFLOW_BIN} or the PATH) with a
 * SQLite store and proxied artifacts in a temporary folder on a free port of 127.0.0.1; else a
 * Testcontainers container of the same version when Docker is available; else the tests are
 * skipped with the reason, except under {@code CI=true}, where they must run and fail instead.
 */
@SuppressWarnings("try") // close() may be interrupted while waiting for the server to exit; fine in tests
public final class MlflowServerExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, ParameterResolver {

    static final String VERSION = "3.17.2";
    static final String IMAGE = "ghcr.io/mlflow/mlflow:v" + VERSION;
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MlflowServerExtension.class);

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
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("under CI=true these tests must run, and fail without a server");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        MlflowServer server;
        String executable = executable();
        if (executable != null) {
            server = new ProcessServer(executable);
        } else if (dockerAvailable()) {
            server = new ContainerServer();
        } else {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(unavailableReason() + "; under CI=true these tests must run");
            }
            System.err.println(context.getDisplayName() + " skipped: " + unavailableReason());
            return; // each test is disabled by evaluateExecutionCondition
        }
        server.start();
        context.getStore(NS).put("server", server);
    }

    /** Why no server can be had here, or null when one can. */
    private static String unavailableReason() {
        if (executable() != null || dockerAvailable()) {
            return null;
        }
        return "no MLflow server for the tracking tests: no `mlflow` (set MLFLOW_BIN, or run "
                + "scripts/install-mlflow.sh) and no Docker daemon for " + IMAGE;
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

    static void awaitHealth(String uri, Process process) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(uri + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("mlflow server at " + uri + " not healthy within 120 s");
    }

    /** {@code mlflow server} as a child process; stop ends its whole process tree. */
    static final class ProcessServer implements MlflowServer, AutoCloseable {
        private final String executable;
        private final List<String> extraArgs;
        private final java.util.Map<String, String> env;
        private final Path data;
        private final int port;
        private Process process;

        ProcessServer(String executable) throws IOException {
            this(executable, List.of(), java.util.Map.of());
        }

        /** With more arguments for {@code mlflow server} (e.g. {@code --app-name basic-auth}) and environment. */
        ProcessServer(String executable, List<String> extraArgs, java.util.Map<String, String> env) throws IOException {
            this.executable = executable;
            this.extraArgs = extraArgs;
            this.env = env;
            this.data = Files.createTempDirectory("gan-mlflow-");
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                this.port = s.getLocalPort();
            }
        }

        @Override
        public String uri() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void start() throws Exception {
            List<String> command = new java.util.ArrayList<>(List.of(executable, "server", "--host", "127.0.0.1", "--port",
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
            List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
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

    /** The official image; stop pauses the container, so its data stays. */
    static final class ContainerServer implements MlflowServer, AutoCloseable {
        @SuppressWarnings("resource")
        private final GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(5000)
                .withCommand("mlflow", "server", "--host", "0.0.0.0", "--port", "5000", "--backend-store-uri",
                        "sqlite:////tmp/mlflow.db", "--artifacts-destination", "/tmp/artifacts", "--workers", "1",
                        "--allowed-hosts", "*")
                .waitingFor(Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        private boolean paused;

        @Override
        public String uri() {
            return "http://" + container.getHost() + ":" + container.getMappedPort(5000);
        }

        @Override
        public void start() {
            if (paused) {
                container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
                paused = false;
            } else {
                container.start();
            }
        }

        @Override
        public void stop() {
            container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
            paused = true;
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
