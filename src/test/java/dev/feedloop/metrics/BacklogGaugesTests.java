package dev.feedloop.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class BacklogGaugesTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Test
    void aReadingIsReusedForTheCacheTime() {
        TestProject project = data.project().demonstrations(1).rankings(0).create();
        data.item(project, "one", 0, "a");
        BacklogGauges gauges = gauges(Duration.ofHours(1));

        MetricSnapshots first = gauges.collect();
        data.item(project, "two", 0, "a");

        assertThat(gauges.collect()).isSameAs(first);
        assertThat(open(first, project.slug())).isEqualTo(1);
        assertThat(open(gauges(Duration.ZERO).collect(), project.slug())).isEqualTo(2);
    }

    @Test
    void aProjectWithoutUnfinishedSlotsHasNoQueueSeries() {
        TestProject project = data.project().demonstrations(1).rankings(0).create();
        MetricSnapshots snapshots = gauges(Duration.ZERO).collect();
        assertThat(points(snapshots).stream()
                        .noneMatch(p -> project.slug().equals(p.getLabels().get("project"))))
                .isTrue();
    }

    private BacklogGauges gauges(Duration cacheTime) {
        var none = new StaticListableBeanFactory().getBeanProvider(PrometheusRegistry.class);
        return new BacklogGauges(jdbc, new MetricsProperties(null, cacheTime), none);
    }

    private static java.util.List<GaugeSnapshot.GaugeDataPointSnapshot> points(MetricSnapshots snapshots) {
        return snapshots.stream()
                .filter(s -> s.getMetadata().getName().equals("feedloop_queue_open_tasks"))
                .map(GaugeSnapshot.class::cast)
                .flatMap(s -> s.getDataPoints().stream())
                .toList();
    }

    private static double open(MetricSnapshots snapshots, String slug) {
        return points(snapshots).stream()
                .filter(p -> slug.equals(p.getLabels().get("project")))
                .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
                .sum();
    }
}
