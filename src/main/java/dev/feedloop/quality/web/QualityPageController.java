package dev.feedloop.quality.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.quality.Adjudications;
import dev.feedloop.quality.GoldChecks;
import dev.feedloop.quality.GoldStatus;
import dev.feedloop.quality.JudgeAgreement;
import dev.feedloop.quality.JudgeReports;
import dev.feedloop.quality.Leaderboard;
import dev.feedloop.quality.LeaderboardSlice;
import dev.feedloop.quality.ModelLeaderboard;
import dev.feedloop.quality.QualityActivity;
import dev.feedloop.quality.QualityLedger;
import dev.feedloop.quality.QualityReport;
import dev.feedloop.quality.QualityReports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's quality page: agreement with its intervals, Krippendorff's alpha, the model
 * leaderboard with its intervals, position bias, agreement per annotator, the items people agree on
 * least, and charts of the activity behind them. For administrators and the project's reviewers,
 * as of now or of an instant.
 */
@Controller
class QualityPageController {

    private final QualityReports reports;
    private final QualityActivity activity;
    private final QualityLedger ledger;
    private final GoldChecks goldChecks;
    private final Adjudications adjudications;
    private final Projects projects;
    private final JsonMapper json;

    /** Items waiting for adjudication listed on the page (the queue's page has them all). */
    private static final int ADJUDICATION_ROWS = 10;

    /** Virtual threads for the page's SQL parts; they wait on the database, not on a core. */
    private static final Executor SIDE_BY_SIDE = Executors.newVirtualThreadPerTaskExecutor();

    private final JudgeReports judgeReports;

    /** A judge's row on the page: its measures as the reader's language writes them. */
    record JudgeRow(
            String judge,
            boolean prior,
            int items,
            Shown.Share judgeHuman,
            Shown.Share judgeHumanStrict,
            String kappa,
            String kappaInterval,
            Shown.Share sameRanking,
            Shown.Share samePairs,
            Shown.Share humanHuman,
            Shown.Share longerWins) {

        static JudgeRow of(JudgeReports.JudgeRow row, Locale locale) {
            JudgeAgreement.Result r = row.result();
            JudgeAgreement.Intervals ci95 = r.intervals();
            return new JudgeRow(
                    row.prior() ? row.endpointName() : row.endpointName() + " · " + row.model(),
                    row.prior(),
                    r.items(),
                    Shown.share(r.judgeHuman().withTies(), ci95.judgeHumanWithTies(), locale),
                    Shown.share(r.judgeHuman().withoutTies(), ci95.judgeHumanWithoutTies(), locale),
                    Shown.decimal(r.kappa(), 2, locale),
                    Double.isNaN(r.kappa()) ? "" : Shown.decimalInterval(ci95.kappa(), 2, locale),
                    Shown.share(r.itemConsistency(), ci95.itemConsistency(), locale),
                    Shown.share(r.pairConsistency(), ci95.pairConsistency(), locale),
                    Shown.share(r.humanHuman().withTies(), null, locale),
                    Shown.share(r.longerWins().withTies(), null, locale));
        }
    }

    QualityPageController(
            QualityReports reports,
            QualityActivity activity,
            QualityLedger ledger,
            GoldChecks goldChecks,
            Adjudications adjudications,
            Projects projects,
            JudgeReports judgeReports,
            JsonMapper json) {
        this.reports = reports;
        this.activity = activity;
        this.ledger = ledger;
        this.goldChecks = goldChecks;
        this.adjudications = adjudications;
        this.projects = projects;
        this.judgeReports = judgeReports;
        this.json = json;
    }

    @GetMapping("/projects/{slug}/quality")
    @RefusalShows("/projects/{slug}/quality")
    String quality(
            @PathVariable String slug,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String metadataKey,
            @RequestParam(required = false) String metadataValue,
            @RequestParam(required = false) Integer guidelineVersion,
            @RequestParam(required = false) String round,
            @RequestParam(required = false) String priors,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        ProjectSettings project = projects.requireVisible(slug, me);
        model.addAttribute("project", project);
        model.addAttribute("myRoles", projects.rolesOf(project.id(), me));
        Instant instant = QualityReports.asOf(asOf);
        LeaderboardSlice slice =
                new LeaderboardSlice(blank(metadataKey), blank(metadataValue), guidelineVersion, blank(round));
        // the ledger and the activity are SQL, the report and the leaderboard mostly computation:
        // side by side, the database works while the measures are computed
        CompletableFuture<List<QualityLedger.Entry>> ledgerLater =
                CompletableFuture.supplyAsync(() -> ledger.of(slug, me, instant), SIDE_BY_SIDE);
        CompletableFuture<QualityActivity.Activity> activityLater =
                CompletableFuture.supplyAsync(() -> activity.of(slug, me, instant), SIDE_BY_SIDE);
        QualityReport report;
        ModelLeaderboard leaderboard;
        List<QualityLedger.Entry> entries;
        QualityActivity.Activity done;
        try {
            QualityReports.Measures measures = reports.both(slug, me, instant, slice);
            report = measures.report();
            leaderboard = measures.leaderboard();
            entries = ledgerLater.join();
            done = activityLater.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            ledgerLater.cancel(false);
            activityLater.cancel(false);
        }
        GoldStatus gold = goldChecks.status(slug, me, instant, entries);
        // the items waiting for a decision now (not as of the page's instant): the queue's state
        if (project.agreement().on()) {
            model.addAttribute("adjudication", adjudications.needed(slug, null, ADJUDICATION_ROWS, me));
            model.addAttribute("adjudicationCount", adjudications.neededCount(project));
        }
        model.addAttribute("asOf", blank(asOf) == null ? null : instant);
        model.addAttribute("slice", slice);
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("report", report);
        model.addAttribute(
                "judges",
                judgeReports.judges(slug, me, priors).stream()
                        .map(row -> JudgeRow.of(row, locale))
                        .toList());
        boolean withPriors = "include".equals(blank(priors));
        model.addAttribute("withPriors", withPriors);
        if (withPriors || judgeReports.hasPriorJudgments(project.id())) {
            var current = ServletUriComponentsBuilder.fromCurrentRequest();
            var toggled = (withPriors
                            ? current.replaceQueryParam("priors")
                            : current.replaceQueryParam("priors", "include"))
                    .build();
            model.addAttribute(
                    "priorsToggle",
                    toggled.getPath()
                            + (toggled.getQuery() == null ? "" : "?" + toggled.getQuery())
                            + "#judges-heading");
        }
        model.addAttribute(
                "withTies",
                Shown.share(report.agreement().withTies(), report.agreement().withTiesCi95(), locale));
        model.addAttribute(
                "withoutTies",
                Shown.share(report.agreement().withoutTies(), report.agreement().withoutTiesCi95(), locale));
        model.addAttribute("alpha", Shown.decimal(report.alpha(), 3, locale));
        model.addAttribute("meanW", Shown.decimal(report.meanKendallW(), 3, locale));
        model.addAttribute(
                "annotators",
                report.annotators().stream()
                        .map(a -> new AnnotatorRow(
                                a.username(),
                                a.agreement().comparisons(),
                                Shown.share(
                                        a.agreement().withTies(), a.agreement().withTiesCi95(), locale),
                                Shown.share(
                                        a.agreement().withoutTies(),
                                        a.agreement().withoutTiesCi95(),
                                        locale)))
                        .toList());
        model.addAttribute(
                "lowestItems",
                report.lowestItems().stream()
                        .map(i -> new ItemRow(
                                i.externalId(),
                                i.rankings(),
                                i.comparisons(),
                                Shown.share(i.withTies(), null, locale),
                                Shown.share(i.withoutTies(), null, locale),
                                Shown.decimal(i.kendallW(), 2, locale)))
                        .toList());
        Map<String, Shown.Share> agreementOf = new java.util.HashMap<>();
        report.annotators()
                .forEach(a -> agreementOf.put(
                        a.username(),
                        Shown.share(a.agreement().withTies(), a.agreement().withTiesCi95(), locale)));
        model.addAttribute(
                "ledger",
                entries.stream()
                        .map(e -> new LedgerRow(
                                e,
                                e.medianActiveSeconds() == null
                                        ? Shown.NONE
                                        : Shown.decimal(e.medianActiveSeconds(), 0, locale),
                                Shown.share(e.skipRate(), null, locale),
                                Shown.share(e.approvalRate(), null, locale),
                                Shown.share(e.pastedShare(), null, locale),
                                e.gold().pairs() == 0
                                        ? new Shown.Share(Shown.NONE, "")
                                        : Shown.share(
                                                (double) e.gold().agreed()
                                                        / e.gold().pairs(),
                                                e.gold().interval(),
                                                locale),
                                agreementOf.getOrDefault(e.username(), new Shown.Share(Shown.NONE, "")),
                                Shown.share(e.quickShare(), null, locale)))
                        .toList());
        model.addAttribute("leaderboard", leaderboard);
        model.addAttribute(
                "models",
                leaderboard.models().stream()
                        .map(m -> new ModelRow(
                                m.model(),
                                m.rank(),
                                Shown.decimal(m.rating(), 0, locale),
                                Shown.decimal(m.ci95().lower(), 0, locale) + " – "
                                        + Shown.decimal(m.ci95().upper(), 0, locale),
                                m.battles(),
                                m.wins(),
                                m.ties(),
                                m.losses()))
                        .toList());
        model.addAttribute(
                "positions",
                leaderboard.positionBias().stream()
                        .map(p -> new PositionRow(
                                p.position(),
                                p.pairs(),
                                p.wins(),
                                p.ties(),
                                p.losses(),
                                Shown.share(p.winRate(), null, locale)))
                        .toList());
        model.addAttribute("winRates", winRates(leaderboard, locale));
        model.addAttribute("leaderboardChart", json.writeValueAsString(leaderboardChart(leaderboard)));
        model.addAttribute("positionChart", json.writeValueAsString(positionChart(leaderboard)));
        model.addAttribute("dailyChart", json.writeValueAsString(dailyChart(done)));
        model.addAttribute("timesChart", json.writeValueAsString(timesChart(done)));
        model.addAttribute("ratingsChart", json.writeValueAsString(ratingsChart(done)));
        model.addAttribute("hasRatings", !done.ratings().isEmpty());
        model.addAttribute("overTimeChart", json.writeValueAsString(overTimeChart(report)));
        model.addAttribute("gold", gold);
        model.addAttribute(
                "goldOverall",
                gold.overall().pairs() == 0
                        ? new Shown.Share(Shown.NONE, "")
                        : Shown.share(gold.overall().accuracy(), gold.overall().interval(), locale));
        model.addAttribute(
                "goldClose",
                gold.close().stream()
                        .map(e -> new GoldRow(
                                e, Shown.share(e.gold().accuracy(), e.gold().interval(), locale)))
                        .toList());
        return "quality/quality";
    }

    /** A member close to the gold threshold, with their accuracy as shown. */
    record GoldRow(QualityLedger.Entry entry, Shown.Share accuracy) {}

    /** Agreement per period with and without ties, and the comparisons behind each. */
    private static Map<String, Object> overTimeChart(QualityReport report) {
        List<String> starts = new ArrayList<>();
        List<Double> withTies = new ArrayList<>();
        List<Double> withoutTies = new ArrayList<>();
        List<Long> comparisons = new ArrayList<>();
        for (QualityReport.PeriodAgreement p : report.overTime()) {
            starts.add(p.start().toString());
            withTies.add(number(p.withTies()));
            withoutTies.add(number(p.withoutTies()));
            comparisons.add(p.comparisons());
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("unit", report.periodUnit().name().toLowerCase(Locale.ROOT));
        chart.put("starts", starts);
        chart.put("withTies", withTies);
        chart.put("withoutTies", withoutTies);
        chart.put("comparisons", comparisons);
        return chart;
    }

    /** One annotator's agreement with everyone else, as shown. */
    record AnnotatorRow(String username, long comparisons, Shown.Share withTies, Shown.Share withoutTies) {}

    /** One member's ledger entry, with its shares as shown. */
    record LedgerRow(
            QualityLedger.Entry entry,
            String medianSeconds,
            Shown.Share skipRate,
            Shown.Share approvalRate,
            Shown.Share pastedShare,
            Shown.Share goldAccuracy,
            Shown.Share agreement,
            Shown.Share quickShare) {}

    /** One of the items people agree on least, as shown. */
    record ItemRow(
            String externalId,
            int rankings,
            long comparisons,
            Shown.Share withTies,
            Shown.Share withoutTies,
            String w) {}

    /** One model of the leaderboard, as shown. */
    record ModelRow(
            String model, int rank, String rating, String ci95, long battles, long wins, long ties, long losses) {}

    /** How candidates shown at one position fared. */
    record PositionRow(int position, long pairs, long wins, long ties, long losses, Shown.Share winRate) {}

    /** A row of the win-rate matrix: the model and its win rate against each model, with the battles. */
    record WinRateRow(String model, List<WinRateCell> cells) {}

    /** {@code share} is empty on the diagonal and without battles; {@code heat} 0–10 for the shade. */
    record WinRateCell(String share, long battles, int heat) {}

    private static List<WinRateRow> winRates(ModelLeaderboard board, Locale locale) {
        List<WinRateRow> rows = new ArrayList<>();
        for (int i = 0; i < board.models().size(); i++) {
            List<WinRateCell> cells = new ArrayList<>();
            for (int j = 0; j < board.models().size(); j++) {
                double rate = board.winRates()[i][j];
                cells.add(new WinRateCell(
                        Double.isNaN(rate)
                                ? ""
                                : Shown.share(rate, null, locale).value(),
                        board.battles()[i][j],
                        Double.isNaN(rate) ? -1 : (int) Math.round(rate * 10)));
            }
            rows.add(new WinRateRow(board.models().get(i).model(), cells));
        }
        return rows;
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A number for a chart: {@code null} instead of NaN, which JSON cannot carry. */
    private static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    private static Map<String, Object> leaderboardChart(ModelLeaderboard board) {
        List<String> models = new ArrayList<>();
        List<Double> ratings = new ArrayList<>();
        List<List<Double>> intervals = new ArrayList<>();
        for (Leaderboard.ModelRating m : board.models()) {
            models.add(m.model());
            ratings.add(number(m.rating()));
            intervals.add(List.of(m.ci95().lower(), m.ci95().upper()));
        }
        return Map.of("models", models, "ratings", ratings, "intervals", intervals);
    }

    private static Map<String, Object> positionChart(ModelLeaderboard board) {
        List<Integer> positions = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (Leaderboard.PositionRate p : board.positionBias()) {
            positions.add(p.position());
            rates.add(number(p.winRate()));
        }
        return Map.of("positions", positions, "winRates", rates);
    }

    /** Judgments per day for each person, over the chart's days (a day without any counts 0). */
    private static Map<String, Object> dailyChart(QualityActivity.Activity done) {
        List<String> days = new ArrayList<>();
        for (int i = 0; i < QualityActivity.DAYS; i++) {
            days.add(done.firstDay().plusDays(i).toString());
        }
        Map<String, long[]> perPerson = new LinkedHashMap<>();
        for (QualityActivity.DailyJudgments d : done.daily()) {
            long[] counts = perPerson.computeIfAbsent(
                    d.displayName() + " (" + d.username() + ")", k -> new long[QualityActivity.DAYS]);
            int index = (int) (d.day().toEpochDay() - done.firstDay().toEpochDay());
            if (index >= 0 && index < counts.length) {
                counts[index] += d.rankings() + d.demonstrations();
            }
        }
        List<Map<String, Object>> people = new ArrayList<>();
        perPerson.forEach((name, counts) -> people.add(Map.of("label", name, "data", counts)));
        return Map.of("days", days, "people", people);
    }

    private static Map<String, Object> timesChart(QualityActivity.Activity done) {
        List<Integer> bounds = new ArrayList<>();
        List<Long> rankings = new ArrayList<>();
        List<Long> demonstrations = new ArrayList<>();
        for (QualityActivity.TimeBucket b : done.times()) {
            bounds.add(b.upToSeconds());
            rankings.add(b.rankings());
            demonstrations.add(b.demonstrations());
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("upTo", bounds);
        chart.put("rankings", rankings);
        chart.put("demonstrations", demonstrations);
        return chart;
    }

    /** For each dimension, how often each value was given (values every dimension used, in order). */
    private static Map<String, Object> ratingsChart(QualityActivity.Activity done) {
        TreeSet<Integer> values = new TreeSet<>();
        Map<String, Map<Integer, Long>> byDimension = new LinkedHashMap<>();
        for (QualityActivity.RatingCount r : done.ratings()) {
            values.add(r.value());
            byDimension
                    .computeIfAbsent(r.dimension(), k -> new LinkedHashMap<>())
                    .put(r.value(), r.count());
        }
        List<Map<String, Object>> dimensions = new ArrayList<>();
        byDimension.forEach((name, counts) -> dimensions.add(Map.of(
                "label",
                name,
                "data",
                values.stream().map(v -> counts.getOrDefault(v, 0L)).toList())));
        return Map.of("values", List.copyOf(values), "dimensions", dimensions);
    }
}
