package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code X-Forwarded-*} headers count only from configured proxies: by default a client cannot
 * steer redirects or the links the pages print. Real HTTP, since MockMvc has no Tomcat valves.
 */
@IntegrationTest
class ForwardedHeadersTests {

    private static final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    ApplicationContext context;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    @Test
    void redirectsIgnoreForwardedHeadersFromAnUntrustedClient() throws Exception {
        var response = spoofed(port, "/account", "");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .doesNotContain("evil.example")
                .doesNotStartWith("https:")
                .doesNotContain(":8443");
    }

    @Test
    void theExportPagesCurlLinesNameTheRealServer() throws Exception {
        var admin = data.admin();
        var project = data.project().create();
        String session = RealHttp.login(port, admin.username(), TestData.PASSWORD);
        var response = spoofed(
                port,
                "/projects/" + project.slug()
                        + "/export/preview?format=trl&aggregation=raw&split=all&testRatio=0&seed=s",
                session);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("http://localhost:" + port + "/api/v1/projects/" + project.slug() + "/exports/")
                .contains("http://localhost:" + port + "/api/v1/projects/" + project.slug() + "/snapshots")
                .doesNotContain("evil.example");
    }

    @Test
    void byDefaultTheServerTrustsNoProxyAddress() {
        RemoteIpValve valve = remoteIpValve(context);
        assertThat(valve.getInternalProxies()).isNull();
        assertThat(valve.getTrustedProxies()).isNull();
    }

    @Test
    void aConfiguredProxysForwardedHeadersAreHonoured() throws Exception {
        try (ConfigurableApplicationContext behindProxy = new SpringApplicationBuilder(FeedloopApplication.class)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "spring.datasource.hikari.pool-name=behind-proxy",
                        "spring.datasource.hikari.maximum-pool-size=2",
                        "feedloop.web.trusted-proxies=127.0.0.1/32, ::1/128")
                .run()) {
            int proxiedPort =
                    ((WebServerApplicationContext) behindProxy).getWebServer().getPort();
            var response = spoofed(proxiedPort, "/account", "");
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow())
                    .startsWith("https://evil.example:8443/");
        }
    }

    /** A request from this machine carrying a proxy's headers, made up. */
    private static HttpResponse<String> spoofed(int port, String path, String cookie)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(RealHttp.uri(port, path))
                .header("Accept", "text/html")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", "8443")
                .header("X-Forwarded-For", "203.0.113.9");
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RemoteIpValve remoteIpValve(ApplicationContext context) {
        var server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
        Valve[] valves = server.getTomcat().getEngine().getPipeline().getValves();
        return Arrays.stream(valves)
                .filter(RemoteIpValve.class::isInstance)
                .map(RemoteIpValve.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RemoteIpValve in " + Arrays.toString(valves)));
    }
}
