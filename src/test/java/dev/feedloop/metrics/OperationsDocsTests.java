package dev.feedloop.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** docs/operations.md and the Grafana dashboard name every metric the server reports. */
class OperationsDocsTests {

    /** Feedloop's own metrics as Prometheus names them (the names PrometheusEndpointTests scrapes). */
    static final List<String> METRICS = List.of(
            BacklogGauges.OPEN_TASKS,
            BacklogGauges.LEASES,
            BacklogGauges.JOBS,
            "feedloop_queue_claim_seconds",
            "feedloop_queue_submit_seconds",
            "feedloop_judgments_submitted_total",
            "feedloop_model_calls_seconds",
            "feedloop_model_errors_total",
            "feedloop_webhook_deliveries_total");

    @Test
    void theDashboardIsImportableAndHasAPanelForEveryMetric() throws IOException {
        JsonNode dashboard =
                JsonMapper.builder().build().readTree(Files.readString(Path.of("docs/grafana/feedloop.json")));
        assertThat(dashboard.path("title").asString()).isEqualTo("Feedloop");
        assertThat(dashboard.path("__inputs").path(0).path("pluginId").asString())
                .isEqualTo("prometheus");
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asString().equals("row")) {
                assertThat(panel.path("targets").isEmpty())
                        .as(panel.path("title").asString())
                        .isFalse();
                panel.path("targets")
                        .forEach(t -> expressions.add(t.path("expr").asString()));
            }
        }
        for (String metric : METRICS) {
            assertThat(expressions).as(metric).anyMatch(e -> e.contains(metric));
        }
    }

    @Test
    void theOperationsPageDescribesEveryMetric() throws IOException {
        String page = Files.readString(Path.of("docs/operations.md"));
        for (String metric : METRICS) {
            assertThat(page).contains("| `" + metric + "` |");
        }
    }
}
