package dev.feedloop.web;

import dev.feedloop.problems.Refusal;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * The status page's model: Boot's error attributes plus {@code page}, which of the page's texts to
 * show ({@code error.<page>.title} and {@code .text}: 400, 403, 404, 409, 5xx, or generic), and
 * {@code messageCode} with {@code messageArguments}, the message of the {@link Refusal} that ended
 * the request, so a page can say why (for example "this project is not active") instead of only the
 * status's general text.
 */
@Component
class PageErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, options);
        attributes.put("page", page(attributes.get("status")));
        if (getError(request) instanceof Refusal refusal) {
            attributes.put("messageCode", refusal.messageCode());
            attributes.put("messageArguments", refusal.messageArguments());
        }
        return attributes;
    }

    private static String page(Object status) {
        int code = status instanceof Integer n ? n : 500;
        return switch (code) {
            case 400, 403, 404, 409 -> String.valueOf(code);
            default -> code >= 500 ? "5xx" : "generic";
        };
    }
}
