package dev.feedloop.quality.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.quality.History;
import dev.feedloop.quality.HistoryEntry;
import dev.feedloop.rendering.MarkdownRenderer;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Everyone's own history: their demonstrations and rankings with review outcomes and comments. */
@Controller
class HistoryController {

    private final History history;
    private final MarkdownRenderer markdown;

    HistoryController(History history, MarkdownRenderer markdown) {
        this.history = history;
        this.markdown = markdown;
    }

    /** An entry with its texts rendered by the safe markdown renderer. */
    record Row(HistoryEntry entry, String contentHtml, String editedHtml) {}

    @GetMapping("/history")
    String history(@AuthenticationPrincipal AccountPrincipal me, Model model) {
        List<Row> rows = history.of(me).stream()
                .map(e -> new Row(
                        e,
                        e.ranking() ? null : markdown.render(e.content()),
                        e.editedContent() == null ? null : markdown.render(e.editedContent())))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("limit", History.LIMIT);
        return "quality/history";
    }
}
