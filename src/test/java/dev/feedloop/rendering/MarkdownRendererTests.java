package dev.feedloop.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownRendererTests {

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void rawHtmlIsShownAsText() {
        assertThat(renderer.render("<script>alert(1)</script> <img src=x onerror=alert(1)>"))
                .doesNotContain("<script")
                .doesNotContain("<img")
                .contains("&lt;script&gt;");
    }

    @Test
    void linksWithUnsafeSchemesAreNotLinks() {
        for (String markdown : new String[] {
            "[a](javascript:alert(1))",
            "[a](jav&#x61;script:alert(1))",
            "<javascript:alert(1)>",
            "[a](data:text/html,x)"
        }) {
            assertThat(renderer.render(markdown)).as(markdown).doesNotContain("href");
        }
        assertThat(renderer.render("[a](https://example.org)")).contains("href=\"https://example.org\"");
    }

    @Test
    void imagesBecomeLinksThatLoadNothing() {
        assertThat(renderer.render("![x](javascript:alert(1))"))
                .doesNotContain("<img")
                .doesNotContain("href");
    }

    @Test
    void aSingleLineBreakIsShownAndABlankLineStillStartsAParagraph() {
        assertThat(renderer.render("Roses are red,\nviolets are blue.\n\nNext verse."))
                .isEqualTo("<p>Roses are red,<br />\nviolets are blue.</p>\n<p>Next verse.</p>\n");
        assertThat(renderer.render("```\na\nb\n```"))
                .as("code keeps its own line breaks")
                .isEqualTo("<pre><code>a\nb\n</code></pre>\n");
    }
}
