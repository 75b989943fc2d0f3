package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * Clients that send a request body one byte at a time hold a connection each, but no thread that
 * others need: with 300 of them waiting on {@code POST /login}, health, pages and the API answer as
 * usual. On a pool of 200 platform threads (the servlet container's old default) the same 300
 * connections take every thread and nothing else answers.
 */
@IntegrationTest
class SlowClientsTests {

    private static final int SLOW_CLIENTS = 300;
    private static final Duration PROMPT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(PROMPT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    @Autowired
    ServletWebServerApplicationContext server;

    @LocalServerPort
    int port;

    @Test
    void threeHundredSlowLoginBodiesLeaveEveryPageAndApiCallAnswering() throws Exception {
        var alice = data.user();
        String session = RealHttp.login(port, alice.username(), TestData.PASSWORD);
        String token = tokens.create(alice.id(), "slow clients").token();

        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                slow.add(startSlowLogin());
            }
            // Every connection is now inside a request, waiting for the rest of its body.
            Thread.sleep(500);
            for (Socket socket : slow) {
                socket.getOutputStream().write('x');
                socket.getOutputStream().flush();
            }

            assertThat(answer("/actuator/health", "Accept", "application/json"))
                    .satisfies(health -> assertThat(health.statusCode()).isEqualTo(200))
                    .satisfies(health -> assertThat(health.body()).contains("\"UP\""));
            assertThat(answer("/login", "Accept", "text/html"))
                    .satisfies(login -> assertThat(login.statusCode()).isEqualTo(200))
                    .satisfies(login -> assertThat(login.body()).contains("name=\"_csrf\""));
            assertThat(answer("/", "Cookie", session))
                    .satisfies(home -> assertThat(home.statusCode()).isEqualTo(200))
                    .satisfies(home -> assertThat(home.body()).contains(alice.displayName()));
            assertThat(answer("/api/v1/users/me", "Authorization", "Bearer " + token))
                    .satisfies(me -> assertThat(me.statusCode()).isEqualTo(200))
                    .satisfies(me -> assertThat(me.body()).contains(alice.username()));

            // The slow clients were waited for, not turned away.
            assertThat(slow)
                    .allSatisfy(socket -> assertThat(stillWaiting(socket)).isTrue());
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            awaitConnectionsClosed();
        }
    }

    /** Waits (boundedly) until the server has finished the aborted logins and closed their connections. */
    private void awaitConnectionsClosed() throws InterruptedException {
        var tomcat = (TomcatWebServer) server.getWebServer();
        var protocol = (AbstractProtocol<?>) tomcat.getTomcat().getConnector().getProtocolHandler();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (protocol.getConnectionCount() > 10 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** A login whose headers promise a body of 1,000 bytes, of which only the first is sent. */
    private Socket startSlowLogin() throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) PROMPT.toMillis());
        socket.setSoTimeout(1);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /login HTTP/1.1\r\n"
                        + "Host: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 1000\r\n"
                        + "\r\n"
                        + "u")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** True when the server has neither answered nor closed the connection. */
    private static boolean stillWaiting(Socket socket) {
        try {
            socket.getInputStream().read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> answer(String path, String header, String value)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(PROMPT)
                .header(header, value)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
