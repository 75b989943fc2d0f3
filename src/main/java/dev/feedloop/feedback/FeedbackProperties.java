package dev.feedloop.feedback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the feedback intake.
 *
 * @param maxBodySize the largest body of one posted feedback (larger: 413)
 * @param maxBatchSize the largest body of a JSON Lines batch (larger: 413)
 * @param maxBatchLines the most lines in one batch (more: 413)
 * @param maxMessages the most messages in one conversation (more: 422)
 * @param ratePerSecond feedback entries a token may post per second, sustained; each line of a batch
 *     counts. The limit is kept in each server's memory, so N servers allow N times as much
 * @param rateBurst entries a token may post at once above the sustained rate (at least {@code
 *     maxBatchLines}, so that a full batch can pass)
 */
@ConfigurationProperties("feedloop.feedback")
public record FeedbackProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("10MB") DataSize maxBatchSize,
        @DefaultValue("1000") int maxBatchLines,
        @DefaultValue("200") int maxMessages,
        @DefaultValue("100") int ratePerSecond,
        @DefaultValue("1000") int rateBurst) {}
