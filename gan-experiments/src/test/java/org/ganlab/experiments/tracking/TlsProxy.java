package org.ganlab.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS-terminating, token-checking proxy in front of the test's MLflow server, as a team puts one
 * in front of theirs: HTTPS on 127.0.0.1 with a certificate signed by a private CA made for the test
 * with the JDK's keytool; requests without {@code Authorization: Bearer TOKEN} get 401.
 */
final class TlsProxy implements AutoCloseable {

    private static final String STORE_PASSWORD = "changeit";

    private final HttpsServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newHttpClient();
    private final String target;
    private final String token;
    /** The private CA's certificate (PEM): what MLFLOW_TRACKING_SERVER_CERT_PATH names. */
    final Path caPem;

    TlsProxy(String target, String token, Path dir) throws Exception {
        this.target = target;
        this.token = token;
        Path ca = dir.resolve("ca.p12");
        Path serverStore = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=gan-lab test CA", "-ext", "bc:c",
                "-validity", "2", "-keystore", ca.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-validity", "2",
                "-keystore", serverStore.toString());
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.pem");
        keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(), "-outfile", cert.toString(),
                "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", serverStore.toString());
        keytool("-importcert", "-alias", "server", "-file", cert.toString(), "-keystore", serverStore.toString());

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, STORE_PASSWORD.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    String uri() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", STORE_PASSWORD, "-storetype", "PKCS12"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + output);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                byte[] refusal = "missing or wrong bearer token".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(401, refusal.length);
                ex.getResponseBody().write(refusal);
                return;
            }
            Forwarding.answer(ex, Forwarding.send(http, target, ex, body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
