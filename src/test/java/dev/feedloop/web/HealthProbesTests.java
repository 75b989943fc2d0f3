package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The Kubernetes probes: open to anyone without details; details for administrators. */
@IntegrationTest
class HealthProbesTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Test
    void livenessAndReadinessAnswerWithoutSignInAndWithoutDetails() {
        assertThat(mvc.get().uri("/actuator/health/liveness"))
                .hasStatusOk()
                .bodyJson()
                .isStrictlyEqualTo("{\"status\":\"UP\"}");
        assertThat(mvc.get().uri("/actuator/health/readiness"))
                .hasStatusOk()
                .bodyJson()
                .isStrictlyEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void readinessShowsTheDatabaseAndTheJobRunnerToAdministrators() {
        var readiness = assertThat(mvc.get().uri("/actuator/health/readiness").with(TestData.as(data.admin())))
                .hasStatusOk()
                .bodyJson();
        readiness.extractingPath("$.components.db.status").isEqualTo("UP");
        readiness.extractingPath("$.components.jobs.status").isEqualTo("UP");
        readiness.extractingPath("$.components.jobs.details.scheduler").isEqualTo("running");
        readiness.extractingPath("$.components.readinessState.status").isEqualTo("UP");
    }

    @Test
    void livenessIsTheProcessAlone() throws Exception {
        var liveness = assertThat(mvc.get().uri("/actuator/health/liveness").with(TestData.as(data.admin())))
                .hasStatusOk()
                .bodyJson();
        liveness.extractingPath("$.components.livenessState.status").isEqualTo("UP");
        assertThat(mvc.get()
                        .uri("/actuator/health/liveness")
                        .with(TestData.as(data.admin()))
                        .exchange()
                        .getResponse()
                        .getContentAsString())
                .doesNotContain("\"db\"", "\"jobs\"");
    }
}
