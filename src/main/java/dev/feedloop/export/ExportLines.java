package dev.feedloop.export;

import java.util.function.Consumer;

/**
 * The SQL expression of one exported JSON line per format, over the columns of the statements in
 * {@link ExportQueries}. Every line ends with the same {@code "metadata"} object (see {@link
 * #metadata}).
 */
final class ExportLines {

    private static final String ASSISTANT_REPLY =
            "jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', d.content))";
    private static final String AGREEMENT = ExportValues.decimal("v.agreement");
    /** Tells the raw lines of a deciding ranking ({@code adj<id>}) from those of rankings ({@code <id>}). */
    private static final String DECISION_PREFIX = "CASE WHEN %s.adjudicated THEN 'adj' ELSE '' END";
    /** With machine judgments, also tells the raw lines of a machine judgment ({@code judge<id>}). */
    private static final String JUDGE_PREFIX =
            "CASE WHEN %1$s.adjudicated THEN 'adj' WHEN %1$s.judge THEN 'judge' ELSE '' END";

    private ExportLines() {}

    /**
     * Who made the judgments of a line and when, as the metadata lists them.
     *
     * @param ids the inside of {@code "judgment_ids": [...]}
     * @param annotators the inside of {@code "annotators": [...]} (quoted pseudonyms)
     * @param versions the inside of {@code "guideline_versions": [...]}
     * @param submittedAt the text of {@code "submitted_at"}
     */
    private record Judgments(String ids, String annotators, String versions, String submittedAt) {

        /** One judgment: its id, pseudonym, guideline version and time as text. */
        static Judgments one(String id, String annotator, String version, String submitted) {
            return new Judgments(
                    id, "'\"' || " + annotator + " || '\"'", "COALESCE(" + version + "::text, '0')", submitted);
        }

        /** One judgment that may be a machine judgment, which has no annotator (an empty list). */
        static Judgments oneOrJudge(String id, String annotator, String version, String submitted) {
            Judgments person = one(id, annotator, version, submitted);
            return new Judgments(id, "COALESCE(" + person.annotators() + ", '')", person.versions(), submitted);
        }

        /**
         * The judgments of a majority: arrays of ids and pseudonyms, versions and the newest time; a
         * judge's combined verdict has no pseudonyms (an empty list).
         */
        static Judgments majority() {
            return new Judgments(
                    "array_to_string(v.ranking_ids, ', ')",
                    "COALESCE('\"' || array_to_string(v.annotator_list, '\", \"') || '\"', '')",
                    "COALESCE(array_to_string(v.versions, ', '), '0')",
                    ExportValues.time("v.submitted_at"));
        }
    }

    /**
     * {@code "metadata": {"item_id", "external_id", "split", <own>, "judgment_ids", "annotators",
     * "guideline_versions", "submitted_at", <after>}}.
     */
    private static JsonSql metadata(JsonSql line, Consumer<JsonSql> own, Judgments judgments, Consumer<JsonSql> after) {
        line.key("metadata")
                .open()
                .member("item_id", "i.id")
                .member("external_id", "to_json(i.external_id)::text")
                .quoted("split", "i.split");
        own.accept(line);
        line.array("judgment_ids", judgments.ids())
                .array("annotators", judgments.annotators())
                .array("guideline_versions", judgments.versions())
                .quoted("submitted_at", judgments.submittedAt());
        after.accept(line);
        return line.close();
    }

    private static void nothing(JsonSql line) {}

    /**
     * A demonstration: the conversation with the reply appended, or prompt and completion apart.
     * With {@code lastTurnWeights} ({@code messages} only) every assistant message carries OpenAI's
     * {@code weight}: 0 on the conversation's earlier assistant turns, 1 on the demonstration.
     */
    static String sft(ExportFormat format, boolean lastTurnWeights) {
        JsonSql line =
                new JsonSql().open().key("id").text("\"sft-").value("d.id").text("\"");
        if (format == ExportFormat.MESSAGES && lastTurnWeights) {
            line.member(
                    "messages",
                    "(COALESCE((SELECT jsonb_agg(CASE WHEN x.m ->> 'role' = 'assistant' THEN x.m || '{\"weight\": 0}'"
                            + " ELSE x.m END ORDER BY x.o) FROM jsonb_array_elements(i.messages) WITH ORDINALITY x(m, o)),"
                            + " '[]') || jsonb_build_array(jsonb_build_object('role', 'assistant', 'weight', 1,"
                            + " 'content', d.content)))::text");
        } else if (format == ExportFormat.MESSAGES) {
            line.member("messages", "(i.messages || " + ASSISTANT_REPLY + ")::text");
        } else {
            line.member("prompt", "i.prompt").member("completion", ASSISTANT_REPLY + "::text");
        }
        return metadata(
                        line,
                        ExportLines::nothing,
                        Judgments.one("d.id", "d.author", "d.guideline_version", "d.submitted"),
                        m -> m.quoted("review", "lower(d.state)")
                                .member("revises", "COALESCE(d.revises_id::text, '0')")
                                .member("based_on", ExportValues.string("d.based_on"))
                                .member("late", "d.late::text"))
                .close()
                .sql();
    }

    /**
     * A preference pair of one ranking ({@code majority} false) or of the item's majority: TRL
     * carries the margin (the ranking's strength, or the mean of the majority's; 0.0 without one) in
     * the line unless {@code omitMargin}, OpenAI DPO and LLaMA-Factory in the metadata. With {@code
     * judges} every line says whether it is a machine judgment's (see {@link #judge}); under a
     * majority those are the judges' combined verdicts.
     */
    static String pair(ExportFormat format, boolean majority, boolean judges, boolean omitMargin) {
        return pair(format, majority, judges, omitMargin, "pair-");
    }

    /**
     * The same line, its id starting with {@code idStart} ({@code pair-} for rankings' pairs, {@code
     * fix-pair-} for the pairs of fixed failures, which have the same keys).
     */
    static String pair(ExportFormat format, boolean majority, boolean judges, boolean omitMargin, String idStart) {
        String margin = ExportValues.decimal("COALESCE(" + (majority ? "v.margin" : "v.strength") + ", 0)");
        JsonSql line = new JsonSql().open().key("id");
        if (majority) {
            line.text("\"" + idStart + "i").value("i.id");
            if (judges) {
                line.value("CASE WHEN v.judge THEN '-judge' || v.ranking_ids[1] ELSE '' END");
            }
        } else {
            line.text("\"" + idStart).value(prefix(judges).formatted("v")).value("v.ranking_id");
        }
        line.text("-")
                .value("an.ids ->> v.chosen")
                .text("-")
                .value("an.ids ->> v.rejected")
                .text("\"");
        boolean trl = format == ExportFormat.TRL;
        switch (format) {
            case TRL -> {
                line.member("prompt", "i.prompt")
                        .member("chosen", "an.texts ->> v.chosen")
                        .member("rejected", "an.texts ->> v.rejected");
                if (!omitMargin) {
                    line.member("margin", margin);
                }
            }
            case LLAMA_FACTORY ->
                line.member("conversations", "i.conversations::text")
                        .member("system", "i.system")
                        .member("chosen", "(an.shares -> v.chosen)::text")
                        .member("rejected", "(an.shares -> v.rejected)::text");
            default ->
                line.key("input")
                        .open()
                        .member("messages", "i.prompt")
                        .close()
                        .member("preferred_output", "an.texts ->> v.chosen")
                        .member("non_preferred_output", "an.texts ->> v.rejected");
        }
        return metadata(
                        line,
                        m -> {
                            m.member("chosen_id", "to_json(v.chosen)::text")
                                    .member("rejected_id", "to_json(v.rejected)::text");
                            if (!trl) {
                                m.member("margin", margin);
                            }
                            if (majority) {
                                majorityCounts(m);
                            }
                        },
                        majority
                                ? Judgments.majority()
                                : single(judges, "v.ranking_id", "v.annotator", "v.guideline_version", "v.submitted"),
                        m -> {
                            adjudicated(m, "v");
                            judge(m, "v", judges);
                        })
                .close()
                .sql();
    }

    /**
     * A KTO label of one candidate from one ranking ({@code majority} false) or the item's majority,
     * in TRL's shape or ({@code format} {@code llama-factory-kto}) LLaMA-Factory's, the completion
     * last in {@code messages}; with {@code judges} every line says whether it is a machine
     * judgment's (under a majority, a judge's combined label).
     */
    static String kto(ExportFormat format, boolean majority, boolean judges) {
        return kto(format, majority, judges, "kto-");
    }

    /** The same line, its id starting with {@code idStart} ({@code kto-}, or {@code fix-kto-} for fixed failures). */
    static String kto(ExportFormat format, boolean majority, boolean judges, String idStart) {
        String candidate = majority ? "v.ext" : "c.ext";
        String alias = majority ? "v" : "r";
        JsonSql line = new JsonSql().open().key("id");
        if (majority) {
            line.text("\"" + idStart + "i").value("i.id");
            if (judges) {
                line.value("CASE WHEN v.judge THEN '-judge' || v.ranking_ids[1] ELSE '' END");
            }
        } else {
            line.text("\"" + idStart).value(prefix(judges).formatted("r")).value("r.id");
        }
        line.text("-").value("an.ids ->> " + candidate).text("\"");
        if (format == ExportFormat.LLAMA_FACTORY_KTO) {
            line.member("messages", "(i.conversations || jsonb_build_array(an.shares -> " + candidate + "))::text")
                    .member("system", "i.system");
        } else {
            line.member("prompt", "i.prompt").member("completion", "an.texts ->> " + candidate);
        }
        line.member("label", (majority ? "v" : "lb") + ".label::text");
        return metadata(
                        line,
                        m -> {
                            m.member("candidate_id", "to_json(" + candidate + ")::text");
                            if (majority) {
                                majorityCounts(m);
                            } else {
                                m.quoted("source", "src.source");
                            }
                        },
                        majority
                                ? Judgments.majority()
                                : single(judges, "r.id", "r.annotator", "r.guideline_version", "r.submitted"),
                        m -> {
                            adjudicated(m, alias);
                            judge(m, alias, judges);
                        })
                .close()
                .sql();
    }

    /**
     * One item with its candidates, every ranking, the mean-rank aggregate and its skips; with
     * {@code judges} the item's machine judgments ({@code jr.entries}) follow people's rankings in
     * {@code rankings}, each marked {@code "judge": true} (the aggregate stays people's).
     */
    static String item(boolean judges) {
        JsonSql line = new JsonSql()
                .open()
                .key("id")
                .text("\"item-")
                .value("i.id")
                .text("\"")
                .member("prompt", "i.prompt")
                .member("candidates", "COALESCE(cs.candidates, '[]')")
                .array("rankings", judges ? "concat_ws(', ', p.rankings, jr.entries)" : "p.rankings")
                .key("aggregate")
                .open()
                .member("tiers", "COALESCE(a.tiers, '[]')")
                .member("mean_rank", "COALESCE(a.mean_rank, '[]')")
                .member("none_acceptable", "p.none_acceptable")
                .member("annotator_count", "p.annotator_count")
                .close();
        return metadata(
                        line,
                        ExportLines::nothing,
                        new Judgments(
                                "p.ranking_ids",
                                "p.annotators",
                                "COALESCE(array_to_string(p.versions, ', '), '0')",
                                ExportValues.time("p.submitted_at")),
                        m -> m.member("skips", "sk.skips"))
                .close()
                .sql();
    }

    /**
     * A prompt of the regression set: the conversation of a fixed failure up to the user's last turn
     * (without the bad reply), to ask the next model version.
     */
    static String regression() {
        JsonSql line = new JsonSql()
                .open()
                .key("id")
                .text("\"regression-")
                .value("i.id")
                .text("\"")
                .member("messages", "i.prompt");
        return metadata(
                        line,
                        m -> m.member("trace_id", ExportValues.string("f.trace_id"))
                                .member("model", ExportValues.string("f.model"))
                                .member("bad_reply", "to_json(f.bad_reply)::text"),
                        new Judgments(
                                "array_to_string(f.fix_ids, ', ')",
                                "'\"' || array_to_string(f.fixed_by, '\", \"') || '\"'",
                                "COALESCE(array_to_string(f.versions, ', '), '0')",
                                ExportValues.time("f.submitted_at")),
                        ExportLines::nothing)
                .close()
                .sql();
    }

    /**
     * {@code "adjudicated", "decided_by"}: true and the reviewer's pseudonym on lines from a
     * reviewer's deciding ranking ({@code alias}{@code .adjudicated}, the reviewer in {@code
     * .decider} or {@code .annotator}); false and {@code ""} on every other line.
     */
    private static void adjudicated(JsonSql metadata, String alias) {
        String decider = alias.equals("r") ? "r.annotator" : alias + ".decider";
        metadata.member("adjudicated", "COALESCE(" + alias + ".adjudicated, false)::text")
                .member(
                        "decided_by",
                        "CASE WHEN " + alias + ".adjudicated THEN '\"' || " + decider + " || '\"' ELSE '\"\"' END");
    }

    /** The id prefix of raw lines: deciding rankings, and with {@code judges} machine judgments. */
    private static String prefix(boolean judges) {
        return judges ? JUDGE_PREFIX : DECISION_PREFIX;
    }

    /** The judgment of a raw line; with {@code judges} it may be a machine judgment without annotator. */
    private static Judgments single(boolean judges, String id, String annotator, String version, String submitted) {
        return judges
                ? Judgments.oneOrJudge(id, annotator, version, submitted)
                : Judgments.one(id, annotator, version, submitted);
    }

    /**
     * With {@code judges}: {@code "judge", "endpoint", "model", "order"} on every line: true, the
     * endpoint's name, the model the server named and the order ({@code forward}, {@code reversed},
     * or {@code both} for a judge's combined verdict) on a machine judgment's lines ({@code
     * alias}{@code .judge}); false and {@code ""} on people's.
     */
    private static void judge(JsonSql metadata, String alias, boolean judges) {
        if (!judges) {
            return;
        }
        metadata.member("judge", "COALESCE(" + alias + ".judge, false)::text")
                .member("endpoint", ExportValues.string(alias + ".endpoint"))
                .member("model", ExportValues.string(alias + ".model"))
                .member("order", ExportValues.string(alias + ".judge_order"));
    }

    private static void majorityCounts(JsonSql metadata) {
        metadata.member("agreement", AGREEMENT).member("votes", "v.votes").member("annotator_count", "v.annotators");
    }
}
