package org.ganlab.experiments.tracking;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP hop in front of the test's MLflow server that can fail on purpose: answer 503 to the
 * first requests, or drop every connection after a number of forwarded requests (as a server that
 * dies mid-run would). It records what it forwarded.
 */
final class FaultyProxy implements AutoCloseable {

    private final HttpServer server;
    private final String target;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    final List<String> forwardedBodies = new CopyOnWriteArrayList<>();
    final List<String> forwardedPaths = new CopyOnWriteArrayList<>();
    volatile int unavailableFirst;
    volatile int dropAfter = Integer.MAX_VALUE;

    FaultyProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int forwarded() {
        return forwarded.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            int n = received.incrementAndGet();
            if (n <= unavailableFirst) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            if (forwarded.get() >= dropAfter) {
                return; // closed without an answer: the client sees the connection fail
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpResponse<byte[]> response = Forwarding.send(http, target, ex, body);
            forwarded.incrementAndGet();
            forwardedPaths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            forwardedBodies.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            Forwarding.answer(ex, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
