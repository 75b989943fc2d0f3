package dev.feedloop.quality;

/**
 * Which rankings a leaderboard counts besides the instant: those of items whose metadata has {@code
 * metadataKey} = {@code metadataValue} (both or neither), and those made under {@code
 * guidelineVersion}; {@code null} leaves that condition out.
 */
public record LeaderboardSlice(String metadataKey, String metadataValue, Integer guidelineVersion) {

    public static final LeaderboardSlice ALL = new LeaderboardSlice(null, null, null);
}
