package dev.feedloop.export;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A snapshot's {@code README.md}: a dataset card in the Hugging Face format. YAML front matter
 * (license, languages, task categories, size category, tags, and {@code configs} naming the split
 * files, so the Hub's viewer and {@code datasets.load_dataset} find them), then in words what was
 * asked, how judgments became lines, the quality numbers at snapshot time, the files with their
 * SHA-256, the models and the command that makes the same files again. Front matter values are
 * written as JSON strings, which YAML reads as they are, so no text can break the header.
 *
 * @param manifest the snapshot's manifest (its files, counts, parameters, policies, quality)
 * @param projectName the project's name
 * @param settings license, languages and description of the project's cards
 * @param guidelines the guideline versions the snapshot's judgments were made under, oldest first
 * @param models the models whose answers the project's items hold, most candidates first
 * @param fields the top-level keys of a line of the files, in order (empty when the files are empty)
 */
record SnapshotCard(
        SnapshotManifest manifest,
        String projectName,
        DatasetCardSettings settings,
        List<Guideline> guidelines,
        List<ModelCount> models,
        List<String> fields) {

    static final String FILE_NAME = "README.md";

    /** One guideline version: its number, when it was written, and its markdown. */
    record Guideline(int version, java.time.Instant createdAt, String content) {}

    /** A model and how many of the project's candidates it answered. */
    record ModelCount(String model, long candidates) {}

    String render(JsonMapper json) {
        var out = new StringBuilder();
        frontMatter(out, json);
        String title = projectName + " (" + kindWords() + ", snapshot " + manifest.id() + ")";
        out.append("# ").append(title).append("\n\n");
        if (!settings.description().isBlank()) {
            out.append(settings.description().strip()).append("\n\n");
        }
        out.append("Made with Feedloop from the project `")
                .append(manifest.project())
                .append("`: ")
                .append(kindSentence())
                .append(" Judgments submitted up to ")
                .append(manifest.asOf())
                .append(" are included; the files are frozen and listed with their SHA-256 in `manifest.json`.\n\n");
        files(out);
        format(out);
        asked(out);
        made(out);
        quality(out);
        modelsSection(out);
        reproduce(out);
        return out.toString();
    }

    private void frontMatter(StringBuilder out, JsonMapper json) {
        out.append("---\n");
        out.append("license: ")
                .append(json.writeValueAsString(settings.license()))
                .append('\n');
        if (!settings.languages().isEmpty()) {
            out.append("language:\n");
            settings.languages()
                    .forEach(l ->
                            out.append("- ").append(json.writeValueAsString(l)).append('\n'));
        }
        out.append("pretty_name: ")
                .append(json.writeValueAsString(projectName + " " + kindWords()))
                .append('\n');
        out.append("task_categories:\n- text-generation\n");
        out.append("size_categories:\n- ").append(sizeCategory(total())).append('\n');
        out.append("tags:\n");
        for (String tag : tags()) {
            out.append("- ").append(tag).append('\n');
        }
        out.append("configs:\n- config_name: default\n  data_files:\n");
        for (SnapshotFileView file : manifest.files()) {
            out.append("  - split: ")
                    .append(file.split())
                    .append("\n    path: ")
                    .append(json.writeValueAsString(file.name()))
                    .append('\n');
        }
        out.append("---\n\n");
    }

    private List<String> tags() {
        boolean sft = "sft".equals(manifest.kind());
        return switch (manifest.format()) {
            case "kto", "llama-factory-kto" -> List.of("feedloop", "kto", "preference");
            case "rankings" -> List.of("feedloop", "rlhf", "ranking", "preference");
            case "regression" -> List.of("feedloop", "evaluation", "regression");
            default -> sft ? List.of("feedloop", "sft") : List.of("feedloop", "dpo", "rlhf", "preference");
        };
    }

    private void files(StringBuilder out) {
        out.append("## Files\n\n| split | file | lines | bytes | sha256 |\n|---|---|---:|---:|---|\n");
        for (SnapshotFileView file : manifest.files()) {
            out.append("| ")
                    .append(file.split())
                    .append(" | `")
                    .append(file.name())
                    .append("` | ")
                    .append(file.rows())
                    .append(" | ")
                    .append(file.size())
                    .append(" | `")
                    .append(file.sha256())
                    .append("` |\n");
        }
        out.append('\n');
        out.append("Items are split by a hash of their id with seed `")
                .append(manifest.parameters().get("seed"))
                .append("` and test share ")
                .append(manifest.parameters().get("testRatio"))
                .append(", so every line of one prompt is in the same split.\n\n");
        out.append("```python\nfrom datasets import load_dataset\n\nds = load_dataset(\"json\", data_files={");
        out.append(manifest.files().stream()
                .map(f -> "\"" + f.split() + "\": \"" + f.name() + "\"")
                .collect(Collectors.joining(", ")));
        out.append("})\n```\n\n");
    }

    private void format(StringBuilder out) {
        out.append("## Line format: `").append(manifest.format()).append("`\n\n");
        out.append(formatWords()).append("\n\n");
        if (!fields.isEmpty()) {
            out.append("Every line has the keys ")
                    .append(fields.stream().map(f -> "`" + f + "`").collect(Collectors.joining(", ")))
                    .append(". The format is described field by field in Feedloop's docs/export.md.\n\n");
        }
    }

    private String formatWords() {
        return switch (manifest.format()) {
            case "messages" ->
                "One conversation per line, `messages`, ending with the written assistant reply (TRL `SFTTrainer`, OpenAI chat fine-tuning).";
            case "prompt-completion" ->
                "`prompt` (the conversation) and `completion` (the written assistant reply), so a trainer learns only the reply (TRL conversational prompt-completion).";
            case "trl" ->
                "`prompt`, `chosen` and `rejected` in conversational form (TRL `DPOTrainer` and `RewardTrainer`).";
            case "openai-dpo" ->
                "`input.messages`, `preferred_output` and `non_preferred_output` (OpenAI preference fine-tuning).";
            case "rankings" -> "One line per item: its candidates, every annotator's ranking and the aggregate.";
            case "regression" ->
                "`messages`: a conversation up to the user's last turn whose reply failed in production and was fixed; `metadata` has the trace id, the model and the bad reply.";
            case "kto" -> "`prompt`, `completion` and a boolean `label`: desirable or not (TRL `KTOTrainer`).";
            case "llama-factory" ->
                "sharegpt-style `conversations` with single `chosen` and `rejected` messages (LLaMA-Factory pairwise data, `ranking: true`).";
            case "llama-factory-kto" ->
                "sharegpt-style `messages` ending with the completion, and a boolean `label` (LLaMA-Factory KTO data, `kto_tag`).";
            default -> "See Feedloop's docs/export.md.";
        };
    }

    private void asked(StringBuilder out) {
        out.append("## What was asked\n\n");
        if (guidelines.isEmpty()) {
            out.append("The judgments were made without written guidelines.\n\n");
            return;
        }
        out.append("The judgments were made under guideline version")
                .append(guidelines.size() == 1 ? " " : "s ")
                .append(guidelines.stream()
                        .map(g -> String.valueOf(g.version()))
                        .collect(Collectors.joining(", ")))
                .append(". Their text:\n\n");
        for (Guideline g : guidelines) {
            out.append("<details>\n<summary>Guidelines, version ")
                    .append(g.version())
                    .append(" (")
                    .append(g.createdAt())
                    .append(")</summary>\n\n");
            out.append(quoted(g.content())).append("\n\n</details>\n\n");
        }
    }

    private void made(StringBuilder out) {
        out.append("## How the lines were made\n\n");
        manifest.policies()
                .forEach((name, words) -> out.append("- **")
                        .append(name)
                        .append("**: ")
                        .append(words)
                        .append('\n'));
        out.append("\nParameters: ");
        out.append(manifest.parameters().entrySet().stream()
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                .collect(Collectors.joining(", ")));
        out.append(".\n\n");
        SnapshotAnnotators annotators = manifest.annotators();
        if (annotators != null && "trusted".equals(annotators.policy())) {
            out.append("Only trusted annotators' judgments are included; ")
                    .append(annotators.leftOut())
                    .append(annotators.leftOut() == 1 ? " annotator was" : " annotators were")
                    .append(" left out. Annotators are named by pseudonyms that are stable within the project.\n\n");
        } else {
            out.append("Annotators are named by pseudonyms that are stable within the project.\n\n");
        }
    }

    private void quality(StringBuilder out) {
        SnapshotQuality q = manifest.quality();
        if (q == null || !"preferences".equals(manifest.kind())) {
            return;
        }
        out.append("## Quality at snapshot time\n\n");
        out.append("Over all the project's ")
                .append(q.rankings())
                .append(" rankings of ")
                .append(q.items())
                .append(" items up to ")
                .append(q.asOf())
                .append(":\n\n| measure | value | 95 % interval |\n|---|---:|---|\n");
        SnapshotQuality.Agreement a = q.agreement();
        row(
                out,
                "pairwise agreement, ties included (" + a.comparisons() + " comparisons)",
                a.withTies(),
                a.withTiesCi95());
        row(
                out,
                "pairwise agreement, ties left out (" + a.strictComparisons() + " comparisons)",
                a.withoutTies(),
                a.withoutTiesCi95());
        row(out, "Krippendorff's alpha (ordinal)", q.alpha(), null);
        SnapshotQuality.Gold g = q.gold();
        row(out, "gold accuracy (" + g.agreed() + " of " + g.pairs() + " gold pairs)", g.accuracy(), g.ci95());
        out.append("\nAgreement intervals are bootstrap intervals over items; the gold interval is Wilson's.\n\n");
    }

    private static void row(StringBuilder out, String measure, Double value, List<Double> interval) {
        out.append("| ")
                .append(measure)
                .append(" | ")
                .append(value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", value))
                .append(" | ")
                .append(
                        interval == null
                                ? ""
                                : String.format(Locale.ROOT, "%.3f to %.3f", interval.get(0), interval.get(1)))
                .append(" |\n");
    }

    private void modelsSection(StringBuilder out) {
        out.append("## Models\n\n");
        if (models.isEmpty()) {
            out.append("The project's items hold no model answers with a model name.\n\n");
            return;
        }
        out.append("Answers in the project's items came from:\n\n| model | candidates |\n|---|---:|\n");
        for (ModelCount m : models) {
            out.append("| ")
                    .append(m.model().replace("|", "\\|"))
                    .append(" | ")
                    .append(m.candidates())
                    .append(" |\n");
        }
        out.append('\n');
    }

    private void reproduce(StringBuilder out) {
        out.append("## Reproduce\n\n");
        out.append("Judgments are never changed after they are stored, so the same parameters with the same ")
                .append("`asOf` make the same files again (unless items were excluded from export since). ")
                .append("The request waits up to 60 s for the snapshot job and answers its manifest; a longer one ")
                .append("answers the job, to follow at its `Location`:\n\n");
        out.append("```bash\ncurl -X POST -H \"Authorization: Bearer $FEEDLOOP_TOKEN\" \\\n  \"$FEEDLOOP_URL")
                .append(reproducePath())
                .append("\"\n");
        out.append("sha256sum -c <<'EOF'\n");
        for (SnapshotFileView file : manifest.files()) {
            out.append(file.sha256()).append("  ").append(file.name()).append('\n');
        }
        out.append("EOF\n```\n");
    }

    /** The REST path and query that create this snapshot again. */
    String reproducePath() {
        return "/api/v1/projects/" + manifest.project() + "/snapshots?"
                + manifest.parameters().entrySet().stream()
                        .map(e -> e.getKey() + "="
                                + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))
                + "&wait=60";
    }

    private long total() {
        return manifest.counts().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The Hub's size category for {@code n} lines. */
    static String sizeCategory(long n) {
        if (n < 1_000) {
            return "n<1K";
        }
        String[] names = {"1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T"};
        long lower = 1_000;
        for (int i = 0; i + 1 < names.length; i++) {
            if (n < lower * 10) {
                return names[i] + "<n<" + names[i + 1];
            }
            lower *= 10;
        }
        return "n>1T";
    }

    private String kindWords() {
        return switch (manifest.kind()) {
            case "sft" -> "SFT demonstrations";
            case "regression" -> "regression prompts";
            default -> "preferences";
        };
    }

    private String kindSentence() {
        return switch (manifest.kind()) {
            case "sft" -> "assistant replies written by people for the project's prompts.";
            case "regression" -> "the prompts of production failures that people fixed, to ask the next model version.";
            default -> "people's rankings of model answers to the project's prompts.";
        };
    }

    /** {@code text} as a markdown block quote, line by line. */
    private static String quoted(String text) {
        return text.strip()
                .lines()
                .map(line -> line.isEmpty() ? ">" : "> " + line)
                .collect(Collectors.joining("\n"));
    }
}
