package dev.feedloop.workqueue;

import java.time.Instant;

/** A heartbeat's answer: the lease now runs until {@code leaseExpiresAt}. */
public record LeaseRenewal(long taskId, Instant leaseExpiresAt) {}
