package dev.feedloop.labeling.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.AssistProperties;
import dev.feedloop.generation.ModelCallFailed;
import dev.feedloop.labeling.Critique;
import dev.feedloop.labeling.WritingHelp;
import dev.feedloop.problems.Refusal;
import dev.feedloop.rendering.MarkdownRenderer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;

/**
 * The write page's model help: a draft streamed as server-sent events ({@code piece} events with
 * the text, then {@code done}, or {@code failure} with the reason in the person's language), and a
 * critique of the editor's text answered as a fragment rendered here (model text only through
 * {@code th:text} and the safe markdown renderer). Refusals (not the lease holder, an endpoint the
 * project does not offer) and failed calls answer problem JSON whose {@code message} the page shows.
 */
@Controller
class WriteHelpController {

    private final WritingHelp help;
    private final MarkdownRenderer markdown;
    private final MessageSource messages;
    private final AssistProperties properties;

    WriteHelpController(
            WritingHelp help, MarkdownRenderer markdown, MessageSource messages, AssistProperties properties) {
        this.help = help;
        this.markdown = markdown;
        this.messages = messages;
        this.properties = properties;
    }

    @PostMapping(value = "/projects/{slug}/write/{taskId}/model-draft", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter draft(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam UUID leaseToken,
            @RequestParam long endpointId) {
        var pieces = help.draft(slug, taskId, me, leaseToken, endpointId);
        Locale locale = LocaleContextHolder.getLocale();
        SseEmitter emitter = new SseEmitter(properties.timeout().plusSeconds(10).toMillis());
        Disposable subscription = pieces.subscribe(
                piece -> send(emitter, "piece", Map.of("text", piece)),
                error -> {
                    send(emitter, "failure", Map.of("message", message(error, locale)));
                    emitter.complete();
                },
                () -> {
                    send(emitter, "done", Map.of());
                    emitter.complete();
                });
        // The page stopped the draft or went away: end the model's request too.
        emitter.onCompletion(subscription::dispose);
        emitter.onTimeout(subscription::dispose);
        emitter.onError(error -> subscription.dispose());
        return emitter;
    }

    @PostMapping("/projects/{slug}/write/{taskId}/critique")
    String critique(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam UUID leaseToken,
            @RequestParam long endpointId,
            @RequestParam(defaultValue = "") String content,
            Model model) {
        Critique critique = help.check(slug, taskId, me, leaseToken, endpointId, content);
        model.addAttribute("critique", critique);
        model.addAttribute("critiqueHtml", critique.listed() ? null : markdown.render(critique.text()));
        return "labeling/write-help :: critique";
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(Refusal e, Locale locale) {
        ProblemDetail problem = e.updateAndGetBody(messages, Refusal.DETAIL_LOCALE);
        problem.setProperty("message", messages.getMessage(e.messageCode(), e.messageArguments(), locale));
        return ResponseEntity.status(e.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> failed(ModelCallFailed e, Locale locale) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_GATEWAY, messages.getMessage(e.messageCode(), e.messageArguments(), Locale.ENGLISH));
        problem.setProperty("code", "model-call-failed");
        problem.setProperty("message", messages.getMessage(e.messageCode(), e.messageArguments(), locale));
        if (e.status() != null) {
            problem.setProperty("upstreamStatus", e.status());
        }
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private String message(Throwable error, Locale locale) {
        if (error instanceof ModelCallFailed failed) {
            return messages.getMessage(failed.messageCode(), failed.messageArguments(), locale);
        }
        return messages.getMessage("assist.error.failed", new Object[] {""}, locale);
    }

    private static void send(SseEmitter emitter, String name, Map<String, Object> data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(new LinkedHashMap<>(data), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            // The page went away (or stopped the draft): the completion callback ends the request.
            emitter.completeWithError(gone);
        }
    }
}
