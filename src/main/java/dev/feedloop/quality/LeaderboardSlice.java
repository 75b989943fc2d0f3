package dev.feedloop.quality;

/**
 * Which rankings a leaderboard counts besides the instant: those of items whose metadata has {@code
 * metadataKey} = {@code metadataValue} (both or neither), those made under {@code
 * guidelineVersion}, and those of items that came in during the project's round named {@code round}
 * ({@code item.created_at} in its window); {@code null} leaves that condition out.
 */
public record LeaderboardSlice(String metadataKey, String metadataValue, Integer guidelineVersion, String round) {

    public static final LeaderboardSlice ALL = new LeaderboardSlice(null, null, null, null);

    /** A slice without a round. */
    public LeaderboardSlice(String metadataKey, String metadataValue, Integer guidelineVersion) {
        this(metadataKey, metadataValue, guidelineVersion, null);
    }
}
