package dev.feedloop;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * All visible text comes from the message bundles: templates hold no hard-coded words, every key a
 * template uses exists, and English and Russian have the same keys.
 */
class I18nTests {

    static final Path TEMPLATES = Path.of("frontend-templates");
    static final Pattern LETTERS = Pattern.compile("\\p{L}");
    static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.\\-]+)");
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
        long translated = russian.stringPropertyNames().stream()
                .filter(key -> !russian.getProperty(key).equals(english.getProperty(key)))
                .count();
        assertThat(translated).isGreaterThan(russian.size() * 8L / 10);
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
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
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
