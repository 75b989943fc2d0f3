package dev.feedloop.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A real HTTP receiver for webhook posts on 127.0.0.1: it keeps every request (headers and raw
 * body) and answers the status codes it is given in turn, then 200.
 */
final class Receiver implements AutoCloseable {

    /** One request as the receiver got it. */
    record Received(String event, String delivery, String signature, String body) {}

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();

    Receiver(Integer... answers) {
        this.answers.addAll(List.of(answers));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(new Received(
                    headers.getFirst("Feedloop-Event"),
                    headers.getFirst("Feedloop-Delivery"),
                    headers.getFirst("Feedloop-Signature"),
                    body));
            requests.incrementAndGet();
            Integer status = this.answers.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Answers 200 from now on. */
    void answerOk() {
        answers.clear();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Waits until {@code condition} holds, at most {@code limit}; fails otherwise. */
    static void await(Duration limit, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static Map<String, String> signatureParts(String header) {
        String[] parts = header.split(",");
        return Map.of(
                parts[0].substring(0, parts[0].indexOf('=')), parts[0].substring(parts[0].indexOf('=') + 1),
                parts[1].substring(0, parts[1].indexOf('=')), parts[1].substring(parts[1].indexOf('=') + 1));
    }
}
