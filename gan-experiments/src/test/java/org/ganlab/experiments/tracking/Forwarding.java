package org.ganlab.experiments.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What the test proxies in front of the MLflow server share: passing a request on and its answer back. */
final class Forwarding {

    private Forwarding() {
    }

    /** Sends the exchange's request, with {@code body} and its content type, on to {@code target}. */
    static HttpResponse<byte[]> send(HttpClient http, String target, HttpExchange ex, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Answers the exchange with the forwarded response's status, content type and body. */
    static void answer(HttpExchange ex, HttpResponse<byte[]> response) throws IOException {
        response.headers().firstValue("Content-Type").ifPresent(t -> ex.getResponseHeaders().set("Content-Type", t));
        ex.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
        ex.getResponseBody().write(response.body());
    }
}
