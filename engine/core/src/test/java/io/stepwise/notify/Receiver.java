package io.stepwise.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/** A webhook receiver on 127.0.0.1 for tests: keeps every request and answers with the status it is told. */
final class Receiver implements AutoCloseable {
    /** One request as received. */
    record Request(String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    /**
     * {@code status}: the answer to each request; -1 hangs until {@link #close}; -2 sends 200 and a length of 100
     * bytes, then no body until {@link #close}.
     */
    Receiver(IntSupplier status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(body, Map.copyOf(ex.getRequestHeaders())));
            int s = status.getAsInt();
            if (s == -2) {
                ex.sendResponseHeaders(200, 100);
                ex.getResponseBody().flush();
            }
            if (s < 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (s != -2) {
                ex.sendResponseHeaders(s < 0 ? 200 : s, -1);
            }
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T0SECRETPATH";
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
