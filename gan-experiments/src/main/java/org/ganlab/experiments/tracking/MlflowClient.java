package org.ganlab.experiments.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ganlab.experiments.config.OutputSettings;

/**
 * MLflow's REST API over {@code java.net.http} and Jackson, no Python needed. Artifacts go by HTTP
 * PUT to the server's proxied artifact store ({@code mlflow-artifacts}). A request that fails in a
 * way that is safe to retry (no connection, 429, 503) is tried a few times with backoff; every
 * operation gan-lab sends is idempotent except creating a run, which {@link MlflowSync} guards.
 */
public final class MlflowClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    private final URI base;
    private final HttpClient http;
    private final long backoffMillis;
    private final MlflowCredentials credentials;

    /** A client with the credentials and trust settings of this process's environment. */
    public MlflowClient(String trackingUri) {
        this(trackingUri, 200, MlflowCredentials.fromEnvironment());
    }

    public MlflowClient(String trackingUri, long backoffMillis) {
        this(trackingUri, backoffMillis, MlflowCredentials.fromEnvironment());
    }

    public MlflowClient(String trackingUri, long backoffMillis, MlflowCredentials credentials) {
        OutputSettings.Tracking.checkUri(trackingUri, "--mlflow");
        this.base = URI.create(trackingUri.endsWith("/") ? trackingUri.substring(0, trackingUri.length() - 1) : trackingUri);
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (credentials.ssl() != null) {
            http.sslContext(credentials.ssl());
        }
        this.http = http.build();
        this.backoffMillis = backoffMillis;
        this.credentials = credentials;
    }

    /**
     * Refuses a tracking URI that is not a server's, naming where it came from ({@code source}: the flag
     * or the variable). MLflow's Python client also takes file stores and database URIs; gan-lab speaks
     * the REST API only, so those get the command that serves them.
     */
    public String uri() {
        return base.toString();
    }

    /** Run id and where its artifacts live. */
    public record RunInfo(String runId, String experimentId, String artifactUri, String status) {
        static RunInfo of(JsonNode info) {
            return new RunInfo(info.path("run_id").asText(info.path("run_uuid").asText()), info.path("experiment_id").asText(),
                    info.path("artifact_uri").asText(), info.path("status").asText());
        }
    }

    // ---------------------------------------------------------------- experiments and runs

    /** The experiment's id, creating it when it does not exist. */
    public String experimentId(String name) throws IOException {
        Optional<JsonNode> found = getOptional("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + enc(name));
        if (found.isPresent()) {
            return found.get().path("experiment").path("experiment_id").asText();
        }
        ObjectNode body = JSON.createObjectNode().put("name", name);
        try {
            return post("/api/2.0/mlflow/experiments/create", body).path("experiment_id").asText();
        } catch (MlflowException e) {
            if (e.status() == 400 || e.status() == 409) { // created meanwhile by another process
                return getOptional("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + enc(name)).orElseThrow(() -> e)
                        .path("experiment").path("experiment_id").asText();
            }
            throw e;
        }
    }

    public RunInfo createRun(String experimentId, String runName, long startTime, Map<String, String> tags) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("experiment_id", experimentId).put("run_name", runName)
                .put("start_time", startTime);
        body.set("tags", keyValues(tags));
        return RunInfo.of(post("/api/2.0/mlflow/runs/create", body).path("run").path("info"));
    }

    /** The run of this experiment carrying tag {@code key=value}, if any. */
    public Optional<RunInfo> findRunByTag(String experimentId, String key, String value) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("experiment_ids").add(experimentId);
        body.put("filter", "tags.`" + key + "` = '" + value.replace("'", "\\'") + "'");
        body.put("max_results", 1);
        JsonNode runs = post("/api/2.0/mlflow/runs/search", body).path("runs");
        return runs.isEmpty() ? Optional.empty() : Optional.of(RunInfo.of(runs.get(0).path("info")));
    }

    public JsonNode getRun(String runId) throws IOException {
        return get("/api/2.0/mlflow/runs/get?run_id=" + enc(runId)).path("run");
    }

    public List<JsonNode> searchRuns(String experimentId, String filter) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        String token = null;
        do {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("experiment_ids").add(experimentId);
            body.put("filter", filter);
            body.put("max_results", 1000);
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode page = post("/api/2.0/mlflow/runs/search", body);
            page.path("runs").forEach(all::add);
            token = page.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return all;
    }

    public void updateRun(String runId, String status, long endTime) throws IOException {
        post("/api/2.0/mlflow/runs/update", JSON.createObjectNode().put("run_id", runId).put("status", status)
                .put("end_time", endTime));
    }

    /** One {@code runs/log-batch} call; the caller keeps within MLflow's limits ({@link MlflowLimits}). */
    public void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags)
            throws IOException {
        ObjectNode body = JSON.createObjectNode().put("run_id", runId);
        ArrayNode m = body.putArray("metrics");
        for (Metric metric : metrics) {
            m.addObject().put("key", metric.key()).put("value", metric.value()).put("timestamp", metric.timestamp())
                    .put("step", metric.step());
        }
        body.set("params", keyValues(params));
        body.set("tags", keyValues(tags));
        post("/api/2.0/mlflow/runs/log-batch", body);
    }

    /** One metric value at a step. */
    public record Metric(String key, double value, long timestamp, long step) {
    }

    public List<JsonNode> metricHistory(String runId, String key) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        String token = null;
        do {
            String path = "/api/2.0/mlflow/metrics/get-history?run_id=" + enc(runId) + "&metric_key=" + enc(key)
                    + "&max_results=25000" + (token == null ? "" : "&page_token=" + enc(token));
            JsonNode page = get(path);
            page.path("metrics").forEach(all::add);
            token = page.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return all;
    }

    // ---------------------------------------------------------------- artifacts

    /** Uploads one file under the run's artifact root; a second upload of the same path replaces it. */
    public void uploadArtifact(RunInfo run, String path, byte[] content) throws IOException {
        send(HttpRequest.newBuilder(artifactUri(run, path)).PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .header("Content-Type", "application/octet-stream"), "PUT artifact " + path);
    }

    public byte[] downloadArtifact(RunInfo run, String path) throws IOException {
        return sendBytes(HttpRequest.newBuilder(artifactUri(run, path)).GET(), "GET artifact " + path);
    }

    public List<String> listArtifacts(String runId) throws IOException {
        List<String> files = new ArrayList<>();
        get("/api/2.0/mlflow/artifacts/list?run_id=" + enc(runId)).path("files")
                .forEach(f -> files.add(f.path("path").asText()));
        return files;
    }

    private URI artifactUri(RunInfo run, String path) {
        String root = run.artifactUri();
        String prefix = "mlflow-artifacts:";
        if (!root.startsWith(prefix)) {
            throw new IllegalStateException("the server stores artifacts at " + root + " without proxying them; "
                    + "start it with artifact serving (mlflow server --artifacts-destination ...)");
        }
        String rel = root.substring(prefix.length()).replaceFirst("^/+", "");
        return URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + rel + "/" + path);
    }

    // ---------------------------------------------------------------- HTTP

    private JsonNode get(String path) throws IOException {
        return parse(sendBytes(HttpRequest.newBuilder(URI.create(base + path)).GET(), "GET " + path));
    }

    private Optional<JsonNode> getOptional(String path) throws IOException {
        try {
            return Optional.of(get(path));
        } catch (MlflowException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private JsonNode post(String path, JsonNode body) throws IOException {
        return parse(sendBytes(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json"), "POST " + path));
    }

    private void send(HttpRequest.Builder request, String what) throws IOException {
        sendBytes(request, what);
    }

    /** Sends, retrying what is safe to retry, and returns the body of a 2xx answer. */
    private byte[] sendBytes(HttpRequest.Builder builder, String what) throws IOException {
        if (credentials.authorization() != null) {
            builder.header("Authorization", credentials.authorization());
        }
        HttpRequest request = builder.timeout(Duration.ofSeconds(60)).build();
        MlflowException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body();
                }
                String message = abbreviate(credentials.redact(new String(response.body(), StandardCharsets.UTF_8)));
                if (status == 401 || status == 403) {
                    throw new MlflowException("MLflow " + what + ": " + refusal(status, message), status,
                            MlflowException.Kind.CREDENTIALS, null);
                }
                last = new MlflowException("MLflow " + what + ": HTTP " + status + " " + message, status,
                        status == 429 || status == 503 ? MlflowException.Kind.UNAVAILABLE : MlflowException.Kind.FAILED, null);
                if (!last.retryable()) {
                    throw last;
                }
            } catch (IOException e) {
                if (e instanceof MlflowException m) {
                    throw m;
                }
                if (untrusted(e)) {
                    throw new MlflowException("MLflow " + what + ": TLS: the certificate of " + base + " is not trusted ("
                            + e.getMessage() + "): set " + MlflowCredentials.CERT_PATH + " to the PEM file of the CA that "
                            + "signed it (or " + MlflowCredentials.INSECURE_TLS + "=true to verify nothing)", 0,
                            MlflowException.Kind.CREDENTIALS, e);
                }
                last = new MlflowException("MLflow " + what + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + credentials.redact(e.getMessage())), 0,
                        MlflowException.Kind.UNAVAILABLE, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlflowException("MLflow " + what + ": interrupted", 0, MlflowException.Kind.UNAVAILABLE, e);
            }
            if (attempt < ATTEMPTS) {
                sleep(backoffMillis << (attempt - 1));
            }
        }
        throw last;
    }

    private static void sleep(long millis) throws MlflowException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException("interrupted", 0, MlflowException.Kind.UNAVAILABLE, e);
        }
    }

    /** What a 401 or 403 means here, and which variables to set. */
    private String refusal(int status, String serverSaid) {
        String vars = MlflowCredentials.USERNAME + " and " + MlflowCredentials.PASSWORD + " (HTTP basic) or "
                + MlflowCredentials.TOKEN + " (bearer)";
        if (status == 401) {
            return "authentication failed (HTTP 401) at " + base + ": " + (credentials.source() == null
                    ? "no credentials are set; set " + vars
                    : "the server refused the credentials in " + credentials.source() + "; set the right ones in " + vars);
        }
        return "permission denied (HTTP 403) at " + base + " to "
                + (credentials.source() == null ? "anonymous requests; set " + vars
                        : "the credentials in " + credentials.source() + "; ask the server's admin for permission or set "
                                + "other credentials")
                + " (server: " + serverSaid.strip() + ")";
    }

    /** A TLS failure to verify the server: trusting its CA (or nothing) is what helps, not retrying. */
    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof javax.net.ssl.SSLPeerUnverifiedException
                    || t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(byte[] body) throws IOException {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private static ArrayNode keyValues(Map<String, String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach((k, v) -> a.addObject().put("key", k).put("value", v));
        return a;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
