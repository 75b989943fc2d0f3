package dev.feedloop.ranking;

/** The ranking module's SQL, for benchmarks that run it without the server. */
public final class RankingStatements {

    private RankingStatements() {}

    /** The statement that stores a ranking (named parameters as in {@link RankingRecorder}). */
    public static String insert() {
        return RankingRecorder.INSERT;
    }
}
