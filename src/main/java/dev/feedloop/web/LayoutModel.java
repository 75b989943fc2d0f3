package dev.feedloop.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Data every page's layout needs. */
@ControllerAdvice
class LayoutModel {

    /** The path and query of this page, for the language switch to come back to. */
    @ModelAttribute("currentUri")
    String currentUri(HttpServletRequest request) {
        Object forwarded = request.getAttribute("jakarta.servlet.forward.request_uri");
        String uri = forwarded != null ? forwarded.toString() : request.getRequestURI();
        String query = forwarded != null ? null : request.getQueryString();
        return query == null ? uri : uri + "?" + query;
    }
}
