package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.problems.Refusal;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

@IntegrationTest
class ApiAuthenticationTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Users accounts;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void basicAuthenticationIdentifiesTheCaller() {
        var alice = data.user();
        assertThat(mvc.get()
                        .uri("/api/v1/users/me")
                        .header("Authorization", basic(alice.username(), TestData.PASSWORD)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.username")
                .isEqualTo(alice.username());
    }

    @Test
    void bearerTokenIdentifiesTheCallerAndRecordsItsUse() {
        var alice = data.user();
        CreatedApiToken token = tokens.create(alice.id(), "ci");
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", "Bearer " + token.token()))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.id")
                .asNumber()
                .isEqualTo((int) alice.id());
        assertThat(tokens.list(alice.id()).get(0).lastUsedAt()).isNotNull();
    }

    @Test
    void revokedTokenGets401AsProblemJson() {
        var alice = data.user();
        CreatedApiToken token = tokens.create(alice.id(), "ci");
        tokens.revoke(alice.id(), token.view().id());
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", "Bearer " + token.token()))
                .hasStatus(401)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.status")
                .isEqualTo(401);
    }

    @Test
    void tamperedTokenGets401() {
        var alice = data.user();
        String token = tokens.create(alice.id(), "ci").token();
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("a") ? "b" : "a");
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", "Bearer " + tampered))
                .hasStatus(401);
    }

    @Test
    void anotherUsersTokenCannotBeRevoked() {
        var alice = data.user();
        var mallory = data.user();
        CreatedApiToken token = tokens.create(alice.id(), "ci");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> tokens.revoke(mallory.id(), token.view().id()))
                .isInstanceOf(Refusal.class);
        assertThat(tokens.list(alice.id()).get(0).revoked()).isFalse();
    }

    @Test
    void tokenOfDisabledUserGets401() {
        var alice = data.user();
        CreatedApiToken token = tokens.create(alice.id(), "ci");
        accounts.setEnabled(alice.id(), false);
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", "Bearer " + token.token()))
                .hasStatus(401);
    }

    @Test
    void missingCredentialsGet401ProblemNotALoginRedirect() {
        assertThat(mvc.get().uri("/api/v1/users/me"))
                .hasStatus(401)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .doesNotContainHeader("Location");
    }

    @Test
    void wrongBasicPasswordGets401() {
        var alice = data.user();
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", basic(alice.username(), "nope nope nope")))
                .hasStatus(401);
    }

    @Test
    void apiDoesNotCreateSessions() {
        var alice = data.user();
        var result = mvc.get()
                .uri("/api/v1/users/me")
                .header("Authorization", basic(alice.username(), TestData.PASSWORD))
                .exchange();
        assertThat(result.getRequest().getSession(false)).isNull();
        assertThat(result.getResponse().getHeader("Set-Cookie")).isNull();
    }

    @Test
    void realHttpBearerCallWorksAndAnonymousCallIsRefused() throws Exception {
        var alice = data.user();
        String token = tokens.create(alice.id(), "http").token();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/users/me"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"username\":\"" + alice.username() + "\"");
        HttpResponse<String> refused = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/users/me"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void secretsAreStoredOnlyAsHashes() {
        var alice = data.user();
        String token = tokens.create(alice.id(), "ci").token();
        String passwordHash = jdbc.sql("SELECT password_hash FROM app_user WHERE id = ?")
                .param(alice.id())
                .query(String.class)
                .single();
        assertThat(passwordHash).startsWith("{bcrypt}$2").doesNotContain(TestData.PASSWORD);
        String tokenRow = jdbc.sql("SELECT prefix || ' ' || secret_hash FROM api_token WHERE user_id = ?")
                .param(alice.id())
                .query(String.class)
                .single();
        assertThat(tokenRow).doesNotContain(token.substring(13));
    }

    static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
