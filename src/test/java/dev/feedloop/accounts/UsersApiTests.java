package dev.feedloop.accounts;

import static dev.feedloop.accounts.ApiAuthenticationTests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

@IntegrationTest
class UsersApiTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Test
    void adminCreatesAUser() {
        var admin = data.admin();
        var result = mvc.post()
                .uri("/api/v1/users")
                .header("Authorization", basic(admin.username(), TestData.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"username":"carol","password":"a long enough secret","displayName":"Carol","admin":false}
                        """)
                .exchange();
        assertThat(result).hasStatus(201).hasHeader("Location", "/api/v1/users/" + idOf("carol"));
        assertThat(result).bodyJson().extractingPath("$.username").isEqualTo("carol");
        assertThat(result).bodyJson().extractingPath("$.id").asNumber().isEqualTo((int) idOf("carol"));
    }

    @Test
    void existingUsernameGets409EvenInAnotherCase() {
        var admin = data.admin();
        data.user("dave", false);
        assertThat(mvc.post()
                        .uri("/api/v1/users")
                        .header("Authorization", basic(admin.username(), TestData.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"username":"DAVE","password":"a long enough secret","displayName":"Dave","admin":false}
                                """))
                .hasStatus(409)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void invalidFieldsGet400WithEachFieldNamed() {
        var admin = data.admin();
        var result = mvc.post()
                .uri("/api/v1/users")
                .header("Authorization", basic(admin.username(), TestData.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"username":"no spaces allowed","password":""}
                        """)
                .exchange();
        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result)
                .bodyJson()
                .extractingPath("$.errors[*].field")
                .asArray()
                .contains("username", "password");
    }

    @Test
    void tooShortPasswordGets400NamingThePassword() {
        var admin = data.admin();
        assertThat(mvc.post()
                        .uri("/api/v1/users")
                        .header("Authorization", basic(admin.username(), TestData.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"username":"erin","password":"short"}
                                """))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("password");
    }

    @Test
    void malformedJsonGets400Problem() {
        var admin = data.admin();
        assertThat(mvc.post()
                        .uri("/api/v1/users")
                        .header("Authorization", basic(admin.username(), TestData.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\": "))
                .hasStatus(400)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void nonAdminGets403FromTheAdminApi() {
        var bob = data.user();
        assertThat(mvc.post()
                        .uri("/api/v1/users")
                        .header("Authorization", basic(bob.username(), TestData.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"username":"x1","password":"a long enough secret"}
                                """))
                .hasStatus(403)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void actuatorHealthIsPublicButOtherEndpointsNeedAnAdmin() {
        var bob = data.user();
        var admin = data.admin();
        assertThat(mvc.get().uri("/actuator/health")).hasStatusOk();
        assertThat(mvc.get().uri("/actuator/metrics")).hasStatus(401);
        assertThat(mvc.get().uri("/actuator/metrics").header("Authorization", basic(bob.username(), TestData.PASSWORD)))
                .hasStatus(403);
        assertThat(mvc.get()
                        .uri("/actuator/metrics")
                        .header("Authorization", basic(admin.username(), TestData.PASSWORD)))
                .hasStatusOk();
    }

    @Test
    void meDescribesTheCaller() {
        var bob = data.user();
        var result = mvc.get()
                .uri("/api/v1/users/me")
                .header("Authorization", basic(bob.username(), TestData.PASSWORD))
                .exchange();
        assertThat(result).bodyJson().extractingPath("$.displayName").isEqualTo(bob.displayName());
        assertThat(result).bodyJson().extractingPath("$.admin").isEqualTo(false);
    }

    @Autowired
    Users accounts;

    private long idOf(String username) {
        return accounts.findByUsername(username).orElseThrow().id();
    }
}
