package dev.feedloop.rendering;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.stereotype.Component;

/**
 * Renders untrusted markdown (prompts, model answers, guidelines) to HTML that is safe to insert
 * into a page: raw HTML in the source is shown as text, link and image URLs are limited to http,
 * https and mailto (anything else, such as {@code javascript:}, becomes an empty link), links open
 * with {@code rel="nofollow noopener noreferrer"}, and images are shown as links rather than
 * loaded (no requests to third parties from a labeler's browser). A single line break is shown as
 * a line break, as chat interfaces show a model's answer (a poem, an address, steps without list
 * markers), not joined into one line as in strict Markdown; the text itself is never changed.
 */
@Component
public class MarkdownRenderer {

    private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto");

    private final Parser parser;
    private final HtmlRenderer renderer;

    public MarkdownRenderer() {
        List<Extension> extensions = List.of(TablesExtension.create());
        this.parser = Parser.builder().extensions(extensions).build();
        this.renderer = HtmlRenderer.builder()
                .extensions(extensions)
                .escapeHtml(true)
                .softbreak("<br />\n")
                .sanitizeUrls(true)
                .attributeProviderFactory(context -> new SafeLinks())
                .nodeRendererFactory(ImageAsLinkRenderer::new)
                .build();
    }

    /** Safe HTML for {@code markdown}; {@code null} renders as empty. */
    public String render(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        Node document = parser.parse(markdown);
        return renderer.render(document);
    }

    static boolean isSafeUrl(String url) {
        if (url == null) {
            return false;
        }
        String trimmed = url.strip();
        int colon = trimmed.indexOf(':');
        int slash = trimmed.indexOf('/');
        int query = trimmed.indexOf('?');
        int hash = trimmed.indexOf('#');
        boolean hasScheme =
                colon > 0 && (slash < 0 || colon < slash) && (query < 0 || colon < query) && (hash < 0 || colon < hash);
        if (!hasScheme) {
            return true;
        }
        return SAFE_SCHEMES.contains(trimmed.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    private static final class SafeLinks implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, java.util.Map<String, String> attributes) {
            if (node instanceof Link) {
                String href = attributes.get("href");
                // The URL sanitizer empties unsafe URLs; an empty href would link to the page itself.
                if (href == null || href.isBlank() || !isSafeUrl(href)) {
                    attributes.remove("href");
                }
                attributes.put("rel", "nofollow noopener noreferrer");
                attributes.put("target", "_blank");
            }
            if (tagName.equals("code") || tagName.equals("pre")) {
                String cls = attributes.get("class");
                if (cls != null && !cls.matches("language-[A-Za-z0-9_+#-]{1,40}")) {
                    attributes.remove("class");
                }
            }
        }
    }

    /** Images become plain links to the image: nothing is fetched while a page renders. */
    private static final class ImageAsLinkRenderer implements org.commonmark.renderer.NodeRenderer {
        private final org.commonmark.renderer.html.HtmlNodeRendererContext context;

        ImageAsLinkRenderer(org.commonmark.renderer.html.HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            Image image = (Image) node;
            var html = context.getWriter();
            String url = context.encodeUrl(image.getDestination());
            java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
            if (isSafeUrl(image.getDestination())) {
                attributes.put("href", url);
            }
            attributes.put("rel", "nofollow noopener noreferrer");
            attributes.put("target", "_blank");
            attributes.put("class", "md-image-link");
            html.tag("a", attributes);
            StringBuilder alt = new StringBuilder();
            for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof org.commonmark.node.Text text) {
                    alt.append(text.getLiteral());
                }
            }
            html.text(alt.length() == 0 ? image.getDestination() : alt.toString());
            html.tag("/a");
        }
    }
}
