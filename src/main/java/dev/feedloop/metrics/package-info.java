/**
 * Metrics: what the server reports to Prometheus beside the meters other modules record
 * themselves (claim and submit latency in the work queue, model calls in generation). This module
 * owns the gauges of backlog and background work, read by one cached statement over other
 * modules' tables ({@link dev.feedloop.metrics.BacklogGauges}), and the scrape token that lets a
 * Prometheus server read {@code /actuator/prometheus} without an account ({@link
 * dev.feedloop.metrics.ScrapeToken}, checked by the accounts module's API filter chain).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Metrics",
        allowedDependencies = {})
package dev.feedloop.metrics;
