package org.ganlab.experiments.tracking;

import static org.ganlab.experiments.cli.GanCliTest.runChild;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.ganlab.experiments.cli.GanCliTest.Child;
import org.ganlab.experiments.io.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow behind authentication and TLS, for real: MLflow's own {@code basic-auth} app with a user
 * made through its REST API, and the test's server behind a TLS-terminating, bearer-token-checking
 * proxy whose certificate a private CA signed. Credentials come only from the environment of a
 * separate {@code gan} process, as a user's shell gives them, and no file it writes, nothing it
 * prints and nothing it sends as a param or tag holds a secret.
 */
@ExtendWith(MlflowServerExtension.class)
class MlflowAuthTest {

    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static MlflowServer authServer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBasicAuthServer() throws Exception {
        authServer = MlflowServerExtension.basicAuthServer(ADMIN_PASSWORD);
        if (authServer != null) {
            authServer.start();
        } // else the test that needs it says why
    }

    @AfterAll
    static void stopBasicAuthServer() throws Exception {
        if (authServer instanceof AutoCloseable c) {
            c.close();
        }
    }

    /** Every file under each folder and every output, searched for each secret's bytes. */
    static void assertNoSecret(List<Path> folders, List<String> outputs, String... secrets) throws IOException {
        for (String secret : secrets) {
            for (String output : outputs) {
                assertFalse(output.contains(secret), "a secret in the output:\n" + output);
            }
            byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
            for (Path folder : folders) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        assertFalse(contains(Files.readAllBytes(f), needle), "a secret in " + f);
                    }
                }
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Makes a user through the basic-auth app's REST API, as its admin. */
    static void createUser(String uri, String user, String password) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow/users/create"))
                .header("Authorization", "Basic " + basic("admin", ADMIN_PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    static Path onlyRun(Path out) throws IOException {
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** Params and tags the server holds for the run, searched for each secret. */
    static void assertNotLogged(MlflowClient client, String runId, String... secrets) throws IOException {
        JsonNode data = client.getRun(runId).path("data");
        String all = data.path("params").toString() + data.path("tags").toString();
        for (String secret : secrets) {
            assertFalse(all.contains(secret), "a secret in MLflow's params or tags");
        }
    }

    @Test
    void basicAuthRightCredentialsLogWrongOnesFailClearlyAndLoseNothing() throws Exception {
        if (authServer == null) {
            String reason = "no server for MLflow's basic-auth app: " + MlflowServerExtension.unavailableReason();
            if (MlflowServerExtension.ci() && !MlflowServerExtension.containerRun()) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
        String uri = authServer.uri();
        String password = "pw-" + UUID.randomUUID();
        String wrong = "wrong-" + UUID.randomUUID();
        createUser(uri, "alice", password);
        Map<String, String> right = Map.of(MlflowCredentials.USERNAME, "alice", MlflowCredentials.PASSWORD, password);
        Map<String, String> refused = Map.of(MlflowCredentials.USERNAME, "alice", MlflowCredentials.PASSWORD, wrong);
        MlflowClient admin = new MlflowClient(uri, 200, MlflowCredentials.from(
                Map.of(MlflowCredentials.USERNAME, "admin", MlflowCredentials.PASSWORD, ADMIN_PASSWORD)));
        List<String> outputs = new ArrayList<>();

        Path good = tmp.resolve("good");
        Child logged = runChild(right, "run", "nodes", "--steps", "30", "--mlflow", uri, "--mlflow-experiment", "auth", "--quiet",
                "--out", good.toString());
        outputs.add(logged.output());
        assertEquals(0, logged.exit(), logged.output());
        SyncState sent = SyncState.load(onlyRun(good));
        assertTrue(sent.finished, String.valueOf(sent.lastError));
        assertEquals("FINISHED", admin.getRun(sent.runId).path("info").path("status").asText());
        MlflowTrackingTest.assertMetricsMatch(admin, sent.runId, onlyRun(good));

        Path bad = tmp.resolve("bad");
        Child run = runChild(refused, "sweep", "nodes", "--seeds", "2", "--steps", "30", "--grid", "lr=0.05", "--mlflow", uri,
                "--mlflow-experiment", "auth", "--quiet", "--out", bad.toString());
        outputs.add(run.output());
        assertEquals(0, run.exit(), "the runs complete: " + run.output());
        assertTrue(run.output().contains("authentication failed (HTTP 401) at " + uri + ": the server refused the "
                + "credentials in MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD"), run.output());
        assertTrue(run.output().contains("Nothing is lost"), run.output());
        List<Path> runs;
        try (Stream<Path> walk = Files.walk(bad.resolve("runs"), 2)) {
            runs = walk.filter(p -> SyncState.exists(p)).toList();
        }
        assertEquals(2, runs.size());
        for (Path r : runs) {
            assertEquals("COMPLETED", RunStatus.read(r).orElseThrow().status(), "the run itself is unaffected");
            SyncState spooled = SyncState.load(r);
            assertFalse(spooled.finished);
            assertNull(spooled.runId, "nothing reached the server");
        }
        assertEquals(1, run.output().split("authentication failed", -1).length - 1, "said once, not per run:\n" + run.output());

        Child noLogin = runChild(Map.of(), "mlflow-sync", bad.toString());
        outputs.add(noLogin.output());
        assertEquals(2, noLogin.exit(), noLogin.output());
        assertTrue(noLogin.output().contains("authentication failed (HTTP 401) at " + uri + ": no credentials are set; set "
                + "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (HTTP basic) or MLFLOW_TRACKING_TOKEN (bearer)"),
                noLogin.output());
        Child wrongAgain = runChild(refused, "mlflow-sync", bad.toString());
        outputs.add(wrongAgain.output());
        assertEquals(2, wrongAgain.exit(), wrongAgain.output());
        Child halfLogin = runChild(Map.of(MlflowCredentials.USERNAME, "alice"), "mlflow-sync", bad.toString());
        assertEquals(2, halfLogin.exit(), halfLogin.output());
        assertTrue(halfLogin.output().contains("MLFLOW_TRACKING_USERNAME is set but MLFLOW_TRACKING_PASSWORD is not"),
                halfLogin.output());

        Child synced = runChild(right, "mlflow-sync", bad.toString());
        outputs.add(synced.output());
        assertEquals(0, synced.exit(), synced.output());
        SyncState parent = SyncState.load(bad);
        assertEquals(1, admin.searchRuns(parent.experimentId, "tags.`gan.uid` = '" + parent.uid + "'").size());
        for (Path r : runs) {
            SyncState s = SyncState.load(r);
            assertTrue(s.finished);
            assertEquals(1, admin.searchRuns(s.experimentId, "tags.`gan.uid` = '" + s.uid + "'").size(), "sent once");
            MlflowTrackingTest.assertMetricsMatch(admin, s.runId, r);
            assertNotLogged(admin, s.runId, password, wrong);
        }
        assertNotLogged(admin, sent.runId, password, wrong);
        assertNoSecret(List.of(good, bad), outputs, password, wrong, basic("alice", password), basic("alice", wrong));
    }

    @Test
    void httpsWithAPrivateCaAndABearerToken(MlflowServer server) throws Exception {
        String token = "tok-" + UUID.randomUUID();
        try (TlsProxy proxy = new TlsProxy(server.uri(), token, tmp)) {
            String uri = proxy.uri();
            Map<String, String> trusted = Map.of(MlflowCredentials.TOKEN, token,
                    MlflowCredentials.CERT_PATH, proxy.caPem.toString());
            MlflowClient direct = new MlflowClient(server.uri(), 200, MlflowCredentials.none());
            List<String> outputs = new ArrayList<>();

            Path good = tmp.resolve("good");
            Child logged = runChild(trusted, "run", "nodes", "--steps", "30", "--mlflow", uri, "--quiet", "--out", good.toString());
            outputs.add(logged.output());
            assertEquals(0, logged.exit(), logged.output());
            SyncState sent = SyncState.load(onlyRun(good));
            assertTrue(sent.finished, String.valueOf(sent.lastError));
            MlflowTrackingTest.assertMetricsMatch(direct, sent.runId, onlyRun(good));

            Path untrusted = tmp.resolve("untrusted");
            Child refused = runChild(Map.of(MlflowCredentials.TOKEN, token), "run", "nodes", "--steps", "30", "--mlflow", uri,
                    "--quiet", "--out", untrusted.toString());
            outputs.add(refused.output());
            assertEquals(0, refused.exit(), refused.output());
            assertTrue(refused.output().contains("TLS: the certificate of " + uri + " is not trusted"), refused.output());
            assertTrue(refused.output().contains("set MLFLOW_TRACKING_SERVER_CERT_PATH to the PEM file of the CA"),
                    refused.output());
            assertNull(SyncState.load(onlyRun(untrusted)).runId, "nothing sent");
            Child stillUntrusted = runChild(Map.of(MlflowCredentials.TOKEN, token), "mlflow-sync",
                    onlyRun(untrusted).toString());
            assertEquals(2, stillUntrusted.exit(), stillUntrusted.output());
            assertTrue(stillUntrusted.output().contains("TLS: the certificate of " + uri + " is not trusted"),
                    stillUntrusted.output());

            Child wrongToken = runChild(Map.of(MlflowCredentials.TOKEN, "not-" + token, MlflowCredentials.CERT_PATH,
                    proxy.caPem.toString()), "mlflow-sync", onlyRun(untrusted).toString());
            outputs.add(wrongToken.output());
            assertEquals(2, wrongToken.exit(), wrongToken.output());
            assertTrue(wrongToken.output().contains("the server refused the credentials in MLFLOW_TRACKING_TOKEN"),
                    wrongToken.output());

            Child synced = runChild(trusted, "mlflow-sync", onlyRun(untrusted).toString());
            outputs.add(synced.output());
            assertEquals(0, synced.exit(), synced.output());
            SyncState late = SyncState.load(onlyRun(untrusted));
            assertTrue(late.finished);
            assertEquals(1, direct.searchRuns(late.experimentId, "tags.`gan.uid` = '" + late.uid + "'").size(), "sent once");
            MlflowTrackingTest.assertMetricsMatch(direct, late.runId, onlyRun(untrusted));

            Path insecure = tmp.resolve("insecure");
            Child unverified = runChild(Map.of(MlflowCredentials.TOKEN, token, MlflowCredentials.INSECURE_TLS, "true"), "run",
                    "nodes", "--steps", "30", "--mlflow", uri, "--quiet", "--out", insecure.toString());
            outputs.add(unverified.output());
            assertEquals(0, unverified.exit(), unverified.output());
            assertTrue(unverified.output().contains("MLFLOW_TRACKING_INSECURE_TLS=true: MLflow servers' TLS certificates and "
                    + "host names are not verified"), unverified.output());
            assertTrue(SyncState.load(onlyRun(insecure)).finished);

            for (SyncState s : List.of(sent, late)) {
                assertNotLogged(direct, s.runId, token);
            }
            assertNoSecret(List.of(good, untrusted, insecure), outputs, token);
        }
    }
}
