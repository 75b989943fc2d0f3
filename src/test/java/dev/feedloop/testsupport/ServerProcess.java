package dev.feedloop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A whole Feedloop server in a process of its own, on the test JVM's database ({@link
 * TestDatabase}), for tests that kill a server with {@code kill -9} while it runs a job, or run two
 * servers on one database. It is {@code java} from the test's JDK with the test class path and
 * {@code dev.feedloop.FeedloopApplication}, on a free port, with short job heartbeats ({@code
 * feedloop.jobs.heartbeat-interval=1s}, {@code missed-heartbeats=4}, the least db-scheduler accepts: another server takes its
 * executions over about 4 s after it dies). Its output goes to a log file, shown when it fails.
 */
public final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts a server and waits until it answers {@code /actuator/health} (at most 3 minutes);
     * {@code arguments} are more {@code --name=value} settings.
     */
    public static ServerProcess start(String name, String... arguments) {
        int port = freePort();
        Path log;
        try {
            log = Files.createTempFile("feedloop-" + name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Surefire starts tests through a manifest-only jar; it names the real class path here.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classPath,
                "dev.feedloop.FeedloopApplication",
                "--server.port=" + port,
                "--feedloop.jobs.heartbeat-interval=1s",
                "--feedloop.jobs.missed-heartbeats=4",
                "--feedloop.jobs.polling-interval=500ms",
                "--logging.level.root=WARN"));
        command.addAll(List.of(arguments));
        TestDatabase db = TestDatabase.get();
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPRING_DATASOURCE_URL", db.url());
        builder.environment().put("SPRING_DATASOURCE_USERNAME", db.username());
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", db.password());
        ServerProcess server;
        try {
            server = new ServerProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.await(server::healthy, Duration.ofMinutes(3), "to answer on port " + port);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends {@code body} (or nothing) to the server, signed in with Basic as {@code username}. */
    public HttpResponse<String> send(String method, String path, String username, String contentType, byte[] body) {
        var request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(120))
                .header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((username + ":" + TestData.PASSWORD)
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private boolean healthy() {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(uri("/actuator/health"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for {@code condition}; fails with the server's output when it ends first or time runs out. */
    public void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("The server process ended (exit " + process.exitValue() + ") before " + what
                        + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "The server process did not manage " + what + " within " + timeout + ":\n" + output());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting " + what, e);
            }
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, its connections just drop. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** What the server printed so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the server normally (SIGTERM: shutdown hooks run), forcibly if it does not end in time. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(60))) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(30));
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file; left behind
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
