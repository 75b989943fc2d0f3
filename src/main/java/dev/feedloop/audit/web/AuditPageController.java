package dev.feedloop.audit.web;

import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.problems.RefusalShows;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The audit log for site admins (the page filter chain keeps {@code /admin/**} to them): newest
 * first, fifty a page; changing a filter replaces the results (htmx).
 */
@Controller
@RequestMapping("/admin/audit")
class AuditPageController {

    private final AuditLog audit;

    AuditPageController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @RefusalShows("/admin/audit")
    String list(@ModelAttribute("filter") AuditFilterForm filter, HtmxRequest htmx, Model model) {
        model.addAttribute("page", audit.search(filter.query()));
        model.addAttribute("actions", AuditAction.ALL);
        return htmx.isHtmxRequest() && !htmx.isBoosted() ? "audit/audit :: results" : "audit/audit";
    }
}
