package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.projects.Round;
import dev.feedloop.projects.Rounds;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A project's quality measures from its stored rankings: agreement (project, per annotator, per
 * item), Krippendorff's alpha, Kendall's W, and the model leaderboard, each as true at an instant
 * ({@code asOf}: only rankings submitted at or before it count). For administrators and the
 * project's reviewers; everyone else is refused as for the project itself (404 when not a member,
 * 403 without the role).
 *
 * <p>The project's rankings are kept in memory and brought up to date in one read-only transaction
 * (repeatable read: the count that checks them and the rankings read agree) by reading only those
 * added since ({@link ProjectRankings}); the measures are computed after it ends. Results are kept by
 * what they were computed from ({@link QualityCache}): asking again, at any instant that selects the
 * same rankings, costs one index-only count (docs/quality.md, "Cost").
 */
@Service
public class QualityReports {

    /** How many of the items with the lowest agreement a report lists. */
    public static final int LOWEST_ITEMS = 50;

    /** Agreement over time is given per day while the rankings span fewer days than this, else per week. */
    public static final int DAYS_BEFORE_WEEKS = 28;

    private static final Instant EARLIEST_AS_OF = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST_AS_OF = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final Projects projects;
    private final StoredRankings stored;
    private final ProjectRankings rankings;
    private final QualityCache cache;
    private final Rounds rounds;
    private final TransactionTemplate reading;

    QualityReports(
            Projects projects,
            Rounds rounds,
            StoredRankings stored,
            ProjectRankings rankings,
            QualityCache cache,
            PlatformTransactionManager tm) {
        this.projects = projects;
        this.stored = stored;
        this.rankings = rankings;
        this.cache = cache;
        this.rounds = rounds;
        this.reading = new TransactionTemplate(tm);
        reading.setReadOnly(true);
        reading.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * The instant an {@code asOf} parameter names: an ISO-8601 instant ({@code 2025-01-31T12:00:00Z},
     * an offset instead of Z allowed), in the years 1 to 9999; now when blank.
     *
     * @throws dev.feedloop.problems.Refusal 400 naming {@code asOf} otherwise
     */
    public static Instant asOf(String text) {
        if (text == null || text.isBlank()) {
            return Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
        Instant instant;
        try {
            instant = java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw QualityRefusals.invalidAsOf(text);
        }
        if (instant.isBefore(EARLIEST_AS_OF) || instant.isAfter(LATEST_AS_OF)) {
            throw QualityRefusals.invalidAsOf(text);
        }
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private record ReportKey(ProjectRankings.Fingerprint rankings) {}

    /** The round's window is part of the key: editing a round changes which items it holds. */
    private record LeaderboardKey(ProjectRankings.Fingerprint rankings, LeaderboardSlice slice, Round round) {}

    /** The agreement measures of the project's rankings submitted up to {@code asOf}. */
    public QualityReport report(String slug, AccountPrincipal me, Instant asOf) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        ProjectRankings.Snapshot snapshot = reading.execute(status -> rankings.current(project.id()));
        return report(snapshot, asOf);
    }

    /**
     * The model leaderboard of the project's rankings submitted up to {@code asOf} in {@code slice}.
     *
     * @throws dev.feedloop.problems.Refusal 400 naming the parameter when the slice names a metadata
     *     key or value no item of the project has, gives only one of key and value, or names a
     *     guideline version no ranking was made under; 422 naming {@code round} for a round the
     *     project does not have
     */
    public ModelLeaderboard leaderboard(String slug, AccountPrincipal me, Instant asOf, LeaderboardSlice slice) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        LeaderboardSlice checked = check(project.id(), slice);
        return leaderboard(read(project.id(), checked), checked, asOf);
    }

    /** The report and the leaderboard of one page. */
    public record Measures(QualityReport report, ModelLeaderboard leaderboard) {}

    /**
     * {@link #report} and {@link #leaderboard} at once, from the rankings brought up to date once.
     * One after the other: their resamples already use every core, and computed side by side on 2
     * cores the page's first answer took twice as long (bench/README.md, "QualityBenchmark").
     */
    public Measures both(String slug, AccountPrincipal me, Instant asOf, LeaderboardSlice slice) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        LeaderboardSlice checked = check(project.id(), slice);
        Read read = read(project.id(), checked);
        QualityReport report = report(read.snapshot(), asOf);
        return new Measures(report, leaderboard(read, checked, asOf));
    }

    private record Read(ProjectRankings.Snapshot snapshot, Set<Long> items, Round round, Set<Long> roundItems) {}

    private Read read(long projectId, LeaderboardSlice checked) {
        return reading.execute(status -> {
            Round round = checked.round() == null ? null : rounds.require(projectId, checked.round());
            return new Read(
                    rankings.current(projectId),
                    checked.metadataKey() == null
                            ? null
                            : stored.itemsWith(projectId, checked.metadataKey(), checked.metadataValue()),
                    round,
                    round == null ? null : stored.itemsCreatedIn(projectId, round));
        });
    }

    private QualityReport report(ProjectRankings.Snapshot snapshot, Instant asOf) {
        ReportKey key = new ReportKey(snapshot.fingerprint(asOf));
        QualityReport known = cache.known(key);
        if (known != null) {
            return known.at(asOf);
        }
        QualityReport report = compute(snapshot.upTo(asOf, ProjectRankings.RankingFilter.ALL), asOf);
        cache.put(key, report);
        return report;
    }

    private ModelLeaderboard leaderboard(Read read, LeaderboardSlice checked, Instant asOf) {
        LeaderboardKey key = new LeaderboardKey(read.snapshot().fingerprint(asOf), checked, read.round());
        ModelLeaderboard known = cache.known(key);
        if (known != null) {
            return known.at(asOf);
        }
        Integer version = checked.guidelineVersion();
        List<StoredRankings.Stored> selected = read.snapshot()
                .upTo(
                        asOf,
                        ranking -> (read.items() == null || read.items().contains(ranking.itemId()))
                                && (read.roundItems() == null
                                        || read.roundItems().contains(ranking.itemId()))
                                && (version == null || version.equals(ranking.guidelineVersion())));
        Map<Long, Map<String, String>> models = read.snapshot().models();
        List<ArenaRanking> arena = new ArrayList<>(selected.size());
        for (StoredRankings.Stored ranking : selected) {
            arena.add(new ArenaRanking(
                    ranking.tiers(),
                    ranking.noneAcceptable(),
                    models.getOrDefault(ranking.itemId(), Map.of()),
                    ranking.displayedOrder()));
        }
        Leaderboard.Result result = Leaderboard.of(arena);
        ModelLeaderboard leaderboard = new ModelLeaderboard(
                asOf,
                checked,
                arena.size(),
                result.models(),
                result.winRates(),
                result.battles(),
                result.positionBias());
        cache.put(key, leaderboard);
        return leaderboard;
    }

    /** Every ranking of one item of the project, side by side. */
    public ItemJudgments judgments(String slug, String externalId, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        return reading.execute(status -> {
            Long itemId = stored.itemId(project.id(), externalId);
            if (itemId == null) {
                throw QualityRefusals.itemNotFound(externalId);
            }
            List<ItemJudgments.Ranking> rankings = stored.judgmentsOf(itemId);
            List<TierPositions> positions = rankings.stream()
                    .map(r -> TierPositions.of(r.noneAcceptable() ? List.of() : r.tiers()))
                    .toList();
            List<ItemJudgments.Candidate> candidates = new ArrayList<>();
            for (ItemJudgments.Candidate candidate : stored.candidatesOf(itemId)) {
                List<Integer> placed = new ArrayList<>(positions.size());
                for (TierPositions ranking : positions) {
                    var position = ranking.position(candidate.externalId());
                    placed.add(position.isPresent() ? position.getAsInt() : null);
                }
                candidates.add(new ItemJudgments.Candidate(
                        candidate.externalId(), candidate.model(), java.util.Collections.unmodifiableList(placed)));
            }
            return new ItemJudgments(externalId, candidates, rankings);
        });
    }

    private LeaderboardSlice check(long projectId, LeaderboardSlice slice) {
        String key = blankToNull(slice.metadataKey());
        String value = blankToNull(slice.metadataValue());
        if (key != null && value == null) {
            throw QualityRefusals.incompleteSlice("metadataValue", "metadataKey");
        }
        if (key == null && value != null) {
            throw QualityRefusals.incompleteSlice("metadataKey", "metadataValue");
        }
        if (key != null && !stored.hasMetadata(projectId, key, null)) {
            throw QualityRefusals.unknownMetadataKey(key);
        }
        if (key != null && !stored.hasMetadata(projectId, key, value)) {
            throw QualityRefusals.unknownMetadataValue(key, value);
        }
        Integer version = slice.guidelineVersion();
        if (version != null && !stored.hasGuidelineVersion(projectId, version)) {
            throw QualityRefusals.unknownGuidelineVersion(version);
        }
        return new LeaderboardSlice(key, value, version, blankToNull(slice.round()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private QualityReport compute(List<StoredRankings.Stored> rankings, Instant asOf) {
        List<Judgment> judgments = new ArrayList<>(rankings.size());
        Map<Long, Integer> perItem = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (StoredRankings.Stored ranking : rankings) {
            judgments.add(ranking.judgment());
            perItem.merge(ranking.itemId(), 1, Integer::sum);
            first = Math.min(first, ranking.submittedAt());
            last = Math.max(last, ranking.submittedAt());
        }
        QualityReport.PeriodUnit unit = rankings.isEmpty() || day(last) - day(first) < DAYS_BEFORE_WEEKS
                ? QualityReport.PeriodUnit.DAY
                : QualityReport.PeriodUnit.WEEK;
        LongUnaryOperator period = unit == QualityReport.PeriodUnit.DAY
                ? QualityReports::day
                : micros -> LocalDate.ofEpochDay(day(micros))
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .toEpochDay();
        // alpha's units and each item's W from the tier positions the agreement reads anyway
        List<double[]> units = new ArrayList<>(4 * perItem.size());
        Map<Long, Double> w = new HashMap<>();
        PairwiseAgreement.Report agreement = PairwiseAgreement.of(
                judgments,
                PairwiseAgreement.DEFAULT_RESAMPLES,
                PairwiseAgreement.DEFAULT_SEED,
                period,
                (item, position, candidates) -> {
                    KrippendorffAlpha.addUnits(position, candidates, units);
                    w.put(item, Kendall.wOfPositions(position, candidates));
                });
        double alpha = KrippendorffAlpha.ofUnits(units, KrippendorffAlpha.Metric.ORDINAL);
        double sum = 0;
        long withW = 0;
        for (double value : w.values()) {
            if (!Double.isNaN(value)) {
                sum += value;
                withW++;
            }
        }
        List<Map.Entry<Long, PairwiseAgreement.Counts>> lowest = agreement.items().entrySet().stream()
                .filter(e -> e.getValue().comparisons() > 0)
                .sorted(Comparator.comparingDouble((Map.Entry<Long, PairwiseAgreement.Counts> e) ->
                                e.getValue().withTies())
                        .thenComparing(e -> e.getKey()))
                .limit(LOWEST_ITEMS)
                .toList();
        Map<Long, String> externalIds =
                stored.externalIds(lowest.stream().map(Map.Entry::getKey).toList());
        List<QualityReport.ItemAgreement> items = lowest.stream()
                .map(e -> new QualityReport.ItemAgreement(
                        externalIds.get(e.getKey()),
                        perItem.get(e.getKey()),
                        e.getValue().comparisons(),
                        e.getValue().withTies(),
                        e.getValue().strictComparisons(),
                        e.getValue().withoutTies(),
                        w.getOrDefault(e.getKey(), Double.NaN)))
                .toList();
        Map<Long, String> usernames = stored.usernames(agreement.annotators().keySet());
        List<QualityReport.AnnotatorAgreement> annotators = agreement.annotators().entrySet().stream()
                .map(e -> new QualityReport.AnnotatorAgreement(
                        usernames.get(e.getKey()), QualityReport.Agreement.of(e.getValue())))
                .sorted(Comparator.comparing(QualityReport.AnnotatorAgreement::username))
                .toList();
        return new QualityReport(
                asOf,
                rankings.size(),
                perItem.size(),
                QualityReport.Agreement.of(agreement.project()),
                alpha,
                withW == 0 ? Double.NaN : sum / withW,
                withW,
                annotators,
                items,
                unit,
                overTime(agreement.periods(), unit));
    }

    /** The UTC day of an instant in microseconds since the epoch, as days since the epoch. */
    private static long day(long micros) {
        return Math.floorDiv(micros, 86_400_000_000L);
    }

    /** Every period from the first with comparisons to the last, those without any included. */
    private static List<QualityReport.PeriodAgreement> overTime(
            Map<Long, PairwiseAgreement.Counts> periods, QualityReport.PeriodUnit unit) {
        List<QualityReport.PeriodAgreement> list = new ArrayList<>();
        if (periods.isEmpty()) {
            return list;
        }
        long step = unit == QualityReport.PeriodUnit.DAY ? 1 : 7;
        long firstDay = periods.keySet().iterator().next();
        long lastDay = firstDay;
        for (long key : periods.keySet()) {
            lastDay = key;
        }
        for (long day = firstDay; day <= lastDay; day += step) {
            PairwiseAgreement.Counts counts = periods.getOrDefault(day, PairwiseAgreement.Counts.NONE);
            list.add(new QualityReport.PeriodAgreement(
                    LocalDate.ofEpochDay(day),
                    counts.comparisons(),
                    counts.withTies(),
                    counts.strictComparisons(),
                    counts.withoutTies()));
        }
        return list;
    }
}
