package dev.feedloop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.workqueue.SkipReason;
import dev.feedloop.workqueue.TaskKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * All visible text comes from the message bundles and Russian is complete: templates hold no
 * hard-coded words; every key a template or the Java code uses exists (keys built from a prefix at
 * least have that prefix, keys built from enums have one per constant); English and Russian have the
 * same keys; and no Russian text is the English one, except names and formats listed in {@link
 * #SAME_IN_RUSSIAN}.
 */
class I18nTests {

    static final Path TEMPLATES = Path.of("frontend-templates");
    static final Pattern LETTERS = Pattern.compile("\\p{L}");
    static final Path JAVA = Path.of("src", "main", "java");
    static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.\\-]+)");
    /** {@code #{'export.split.' + ${s.key()}}} and {@code #{${'workqueue.kind.' + kind}}}. */
    static final Pattern BUILT_KEY = Pattern.compile("#\\{\\$?\\{?'([A-Za-z0-9_.\\-]+\\.)'\\s*\\+");
    /**
     * Keys the table fragments take as text: {@code headings('users.title', 'users.username,
     * users.created:num')} (a caption, then columns with an optional {@code :class}) and {@code
     * empty(${rows}, 'users.none')}.
     */
    static final Pattern TABLE_HEADINGS =
            Pattern.compile("fragments/tables\\s*::\\s*headings\\(\\s*'([^']*)'\\s*,\\s*'([^']*)'\\s*\\)");

    static final Pattern TABLE_EMPTY = Pattern.compile("fragments/tables\\s*::\\s*empty\\([^')]*'([^']*)'\\s*\\)");
    static final Pattern TABLE_CALL = Pattern.compile("fragments/tables\\s*::\\s*(headings|empty)\\(");
    /** A string literal that looks like a message code, or the start of one ({@code "export.error." + field}). */
    static final Pattern JAVA_CODE = Pattern.compile("\"([a-z][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)+\\.?)\"");
    /**
     * Keys whose Russian text is the English one on purpose: names (the product, file formats, a
     * hash, each language in its own language), keyboard keys as printed on Russian keyboards,
     * example lines of import formats, JSON's null, a bare placeholder and the letter range of the
     * rank keys.
     */
    static final List<String> SAME_IN_RUSSIAN = List.of(
            "app.name",
            "generation.runs.tokensValue",
            "lang.",
            "export.snapshot.sha256",
            "history.comment",
            "ingest.format.",
            "ingest.import.example.",
            "ingest.problem.jsonType.null",
            "labeling.key.ctrl",
            "labeling.key.enter",
            "labeling.key.esc",
            "ranking.keys.letters");
    /** Attributes a person sees or a screen reader reads. */
    static final List<String> VISIBLE_ATTRIBUTES = List.of("title", "placeholder", "alt", "aria-label", "label");
    /** Thymeleaf attributes that replace an element's content, so its own text is only a sample. */
    static final List<String> REPLACING =
            List.of("th:text", "th:utext", "th:errors", "th:replace", "th:insert", "th:remove", "th:content");

    @Test
    void templatesHaveNoHardCodedText() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path template : templates()) {
            Document doc = Jsoup.parse(Files.readString(template), "", Parser.xmlParser());
            for (Element element : doc.getAllElements()) {
                if (element.tagName().equals("script") || element.tagName().equals("style") || replaced(element)) {
                    continue;
                }
                for (TextNode text : element.textNodes()) {
                    String value = text.text().strip();
                    if (LETTERS.matcher(value).find()) {
                        problems.add(template + ": text \"" + value + "\" in <" + element.tagName() + ">");
                    }
                }
                for (String attribute : VISIBLE_ATTRIBUTES) {
                    String value = element.attr(attribute);
                    if (LETTERS.matcher(value).find()) {
                        problems.add(template + ": attribute " + attribute + "=\"" + value + "\"");
                    }
                }
                if (element.tagName().equals("input")
                        && Set.of("submit", "button").contains(element.attr("type"))
                        && LETTERS.matcher(element.attr("value")).find()) {
                    problems.add(template + ": button value \"" + element.attr("value") + "\"");
                }
            }
        }
        assertThat(problems).as("hard-coded text in templates").isEmpty();
    }

    @Test
    void everyMessageKeyUsedInTemplatesExists() throws IOException {
        Properties english = bundle("messages.properties");
        Set<String> missing = new TreeSet<>();
        for (Path template : templates()) {
            Matcher matcher = MESSAGE_KEY.matcher(Files.readString(template));
            while (matcher.find()) {
                if (!english.containsKey(matcher.group(1))) {
                    missing.add(template + ": " + matcher.group(1));
                }
            }
        }
        assertThat(missing)
                .as("message keys used in templates but missing in messages.properties")
                .isEmpty();
    }

    @Test
    void everyMessageKeyPassedToTheTableFragmentsExists() throws IOException {
        Properties english = bundle("messages.properties");
        Set<String> missing = new TreeSet<>();
        int keys = 0;
        for (Path template : templates()) {
            String text = Files.readString(template);
            List<String> passed = new ArrayList<>();
            int calls = 0;
            Matcher headings = TABLE_HEADINGS.matcher(text);
            while (headings.find()) {
                calls++;
                passed.add(headings.group(1));
                for (String column : headings.group(2).split(",")) {
                    passed.add(column.strip().split(":")[0]);
                }
            }
            Matcher empty = TABLE_EMPTY.matcher(text);
            while (empty.find()) {
                calls++;
                passed.add(empty.group(1));
            }
            long written = TABLE_CALL.matcher(text).results().count();
            if (written != calls) {
                missing.add(
                        template + ": " + (written - calls) + " table fragment calls not passing their keys as text");
            }
            for (String key : passed) {
                keys++;
                if (!english.containsKey(key)) {
                    missing.add(template + ": " + key);
                }
            }
        }
        assertThat(keys).as("message keys passed to fragments/tables").isGreaterThan(30);
        assertThat(missing)
                .as("message keys passed to the table fragments but missing in messages.properties")
                .isEmpty();
    }

    @Test
    void englishAndRussianBundlesHaveTheSameKeys() throws IOException {
        Set<String> english = new TreeSet<>(bundle("messages.properties").stringPropertyNames());
        Set<String> russian = new TreeSet<>(bundle("messages_ru.properties").stringPropertyNames());
        assertThat(difference(english, russian))
                .as("keys missing in messages_ru.properties")
                .isEmpty();
        assertThat(difference(russian, english))
                .as("keys missing in messages.properties")
                .isEmpty();
    }

    @Test
    void russianBundleIsTranslated() throws IOException {
        Properties english = bundle("messages.properties");
        Properties russian = bundle("messages_ru.properties");
        Set<String> untranslated = new TreeSet<>();
        for (String key : russian.stringPropertyNames()) {
            if (russian.getProperty(key).equals(english.getProperty(key))
                    && SAME_IN_RUSSIAN.stream().noneMatch(key::startsWith)) {
                untranslated.add(key + "=" + english.getProperty(key));
            }
        }
        assertThat(untranslated)
                .as("Russian values equal to the English ones (names and formats go in SAME_IN_RUSSIAN)")
                .isEmpty();
    }

    @Test
    void everyMessageCodeUsedInJavaExists() throws IOException {
        Properties english = bundle("messages.properties");
        Set<String> prefixes = english.stringPropertyNames().stream()
                .map(key -> key.substring(0, key.indexOf('.') < 0 ? key.length() : key.indexOf('.')))
                .filter(prefix -> Character.isLowerCase(prefix.charAt(0)) && !prefix.equals("jakarta"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>();
        int codes = 0;
        for (Path source : files(JAVA, ".java")) {
            if (source.endsWith("AuditAction.java")) {
                // audit action codes, not message codes; their labels are audit.action.<code> (AuditLogTests)
                continue;
            }
            String code = Files.readString(source);
            Matcher literal = JAVA_CODE.matcher(code);
            while (literal.find()) {
                String key = literal.group(1);
                if (!prefixes.contains(key.substring(0, key.indexOf('.')))) {
                    continue;
                }
                codes++;
                boolean built = key.endsWith(".")
                        || code.startsWith("+", literal.end())
                        || code.startsWith(" +", literal.end());
                if (built ? !hasKeyStartingWith(english, key) : !english.containsKey(key)) {
                    missing.add(source.getFileName() + ": " + key + (built ? "…" : ""));
                }
            }
        }
        assertThat(codes).as("message codes found in the Java sources").isGreaterThan(50);
        assertThat(missing)
                .as("message codes used in Java but missing in messages.properties")
                .isEmpty();
    }

    @Test
    void keysBuiltFromEnumsExistForEveryConstant() throws IOException {
        Properties english = bundle("messages.properties");
        List<String> keys = new ArrayList<>();
        for (TaskKind kind : TaskKind.values()) {
            keys.add("workqueue.kind." + kind.apiName());
        }
        for (SkipReason reason : SkipReason.values()) {
            keys.add("workqueue.skips.reason." + reason.code());
            keys.add("labeling.skip.reason." + reason.code());
        }
        assertThat(keys).allSatisfy(key -> assertThat(english).containsKey(key));
    }

    @Test
    void keysBuiltInTemplatesHaveTheirPrefixInTheBundle() throws IOException {
        Properties english = bundle("messages.properties");
        Set<String> missing = new TreeSet<>();
        int built = 0;
        for (Path template : templates()) {
            Matcher matcher = BUILT_KEY.matcher(Files.readString(template));
            while (matcher.find()) {
                built++;
                if (!hasKeyStartingWith(english, matcher.group(1))) {
                    missing.add(template + ": " + matcher.group(1) + "…");
                }
            }
        }
        assertThat(built).as("keys built in templates").isGreaterThan(5);
        assertThat(missing)
                .as("prefixes of built keys with no key in messages.properties")
                .isEmpty();
    }

    private static boolean hasKeyStartingWith(Properties bundle, String prefix) {
        return bundle.stringPropertyNames().stream().anyMatch(key -> key.startsWith(prefix));
    }

    private static boolean replaced(Element element) {
        return REPLACING.stream().anyMatch(element::hasAttr);
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static List<Path> templates() throws IOException {
        return files(TEMPLATES, ".html");
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Properties bundle(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = I18nTests.class.getResourceAsStream("/" + name);
                Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
