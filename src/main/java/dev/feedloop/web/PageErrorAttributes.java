package dev.feedloop.web;

import dev.feedloop.accounts.AccountException;
import dev.feedloop.export.ExportException;
import dev.feedloop.ingest.IngestException;
import dev.feedloop.labeling.LabelingException;
import dev.feedloop.projects.ProjectException;
import dev.feedloop.review.ReviewException;
import dev.feedloop.workqueue.WorkQueueException;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * The status pages' model: Boot's error attributes plus {@code messageCode}, the message key of the
 * domain exception that ended the request, so a page can say why (for example "this project is not
 * active") instead of only the status's general text.
 */
@Component
class PageErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, options);
        String code = messageCode(getError(request));
        if (code != null) {
            attributes.put("messageCode", code);
        }
        return attributes;
    }

    private static String messageCode(Throwable error) {
        return switch (error) {
            case WorkQueueException e -> e.messageCode();
            case LabelingException e -> e.messageCode();
            case ProjectException e -> e.messageCode();
            case AccountException e -> e.messageCode();
            case IngestException e -> e.messageCode();
            case ReviewException e -> e.messageCode();
            case ExportException e -> e.messageCode();
            case null, default -> null;
        };
    }
}
