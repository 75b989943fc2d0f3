package dev.feedloop.web;

import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.problems.RefusedInput;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponseHeader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.ClassUtils;
import org.springframework.validation.BindingResult;
import org.springframework.validation.DataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The one way pages answer a {@link Refusal}, as {@link ApiProblems} is for the API. A handler
 * annotated with {@link RefusalShows} sends the person back to its form with the message and what
 * they typed (Post/Redirect/Get), or, for htmx, swaps the message into the page at once; every other
 * refusal (403, 404, handlers without the annotation, JSON answers of page controllers) goes on to
 * the status pages ({@link PageErrorAttributes}).
 *
 * <p>On the page it goes back to, the form named by {@link RefusalShows#form()} is rebuilt from the
 * kept parameters (bound as a request would be) with the message next to its field, before the
 * handler runs: the handler only adds its own form when the model has none. A controller's own
 * {@code @ExceptionHandler} comes before this one.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageRefusals {

    /** The shared fragment that shows a refusal's message (the layout's error flash). */
    static final String MESSAGE_FRAGMENT = "fragments/messages :: refusal";

    private final ConversionService conversions;

    PageRefusals(ConversionService mvcConversionService) {
        this.conversions = mvcConversionService;
    }

    @ExceptionHandler
    ModelAndView refused(
            Refusal refusal,
            HandlerMethod handler,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        RefusalShows shows = handler.getMethodAnnotation(RefusalShows.class);
        if (shows == null
                || Arrays.stream(shows.statuses()).noneMatch(s -> s == refusal.status())
                || answersData(handler)) {
            throw refusal;
        }
        List<Serializable> arguments = arguments(refusal);
        if (HtmxRequest.fromRequest(request).isHtmxRequest()) {
            response.setHeader(HtmxResponseHeader.HX_RETARGET.getValue(), shows.target());
            response.setHeader(HtmxResponseHeader.HX_RESWAP.getValue(), "innerHTML");
            ModelAndView message = new ModelAndView(MESSAGE_FRAGMENT);
            message.addObject("flashError", refusal.messageCode());
            message.addObject("flashErrorArgs", arguments.isEmpty() ? null : arguments.toArray());
            return message;
        }
        Class<?> formType = shows.form().isEmpty() ? null : formType(handler, shows.form());
        String field = formField(refusal.field(), shows, formType);
        if (field == null) {
            redirect.addFlashAttribute("flashError", refusal.messageCode());
            if (!arguments.isEmpty()) {
                redirect.addFlashAttribute("flashErrorArgs", arguments.toArray());
            }
        }
        redirect.addFlashAttribute(
                RefusedInput.FLASH,
                new RefusedInput(
                        kept(request, keep(shows, formType)),
                        formType == null ? null : shows.form(),
                        formType == null ? null : formType.getName(),
                        field,
                        refusal.messageCode(),
                        arguments));
        RedirectView back = new RedirectView(location(shows.value(), handler, request), true);
        back.setExpandUriTemplateVariables(false);
        back.setExposeModelAttributes(false);
        return new ModelAndView(back);
    }

    /**
     * The page to go back to: {@code {name}} stands for the handler's path variable, else its
     * request parameter as sent (or its default value), never a password; each value is encoded.
     */
    private static String location(String template, HandlerMethod handler, HttpServletRequest request) {
        Map<String, String> variables = new HashMap<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null && !ValueConstants.DEFAULT_NONE.equals(param.defaultValue())) {
                String name = !param.name().isEmpty()
                        ? param.name()
                        : !param.value().isEmpty() ? param.value() : parameter.getParameterName();
                if (name != null) {
                    variables.put(name, param.defaultValue());
                }
            }
        }
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0 && !isPassword(name)) {
                variables.put(name, values[0]);
            }
        });
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path) {
            path.forEach((name, value) -> variables.put(String.valueOf(name), String.valueOf(value)));
        }
        return UriComponentsBuilder.fromUriString(template)
                .buildAndExpand(variables)
                .encode()
                .toUriString();
    }

    /**
     * On the page a refusal went back to: its form rebuilt from the kept parameters, with the
     * message as a field error (or a form error), so the page's handler shows it instead of a new one.
     */
    @ModelAttribute
    void restoreRefusedForm(Model model) {
        if (!(model.getAttribute(RefusedInput.FLASH) instanceof RefusedInput refused)
                || refused.form() == null
                || refused.formType() == null
                || model.containsAttribute(refused.form())) {
            return;
        }
        Class<?> type = ClassUtils.resolveClassName(refused.formType(), PageRefusals.class.getClassLoader());
        DataBinder binder = new DataBinder(null, refused.form());
        binder.setConversionService(conversions);
        binder.setTargetType(ResolvableType.forClass(type));
        binder.construct(new KeptValues(refused.values()));
        Object[] arguments = refused.messageArguments().toArray();
        if (binder.getTarget() == null) {
            model.addAttribute("flashError", refused.messageCode());
            model.addAttribute("flashErrorArgs", arguments.length == 0 ? null : arguments);
            return;
        }
        BindingResult errors = binder.getBindingResult();
        if (refused.field() != null) {
            errors.rejectValue(refused.field(), refused.messageCode(), arguments, null);
        } else {
            errors.reject(refused.messageCode(), arguments, null);
        }
        model.addAttribute(refused.form(), binder.getTarget());
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + refused.form(), errors);
    }

    /** Handlers that answer data (JSON for the page's scripts), not a page. */
    private static boolean answersData(HandlerMethod handler) {
        return handler.hasMethodAnnotation(ResponseBody.class)
                || handler.getBeanType().isAnnotationPresent(RestController.class)
                || handler.getBeanType().isAnnotationPresent(ResponseBody.class);
    }

    /** The type of the handler's {@code @ModelAttribute} parameter named {@code name}. */
    private static @Nullable Class<?> formType(HandlerMethod handler, String name) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            ModelAttribute attribute = parameter.getParameterAnnotation(ModelAttribute.class);
            if (attribute != null && (name.equals(attribute.name()) || name.equals(attribute.value()))) {
                return parameter.getParameterType();
            }
        }
        return null;
    }

    /**
     * The form field the refusal's message goes next to, or {@code null} when the form has no such
     * field (or there is no form): then it is shown at the top of the page.
     */
    private static @Nullable String formField(@Nullable String field, RefusalShows shows, @Nullable Class<?> formType) {
        if (field == null || formType == null) {
            return null;
        }
        String first = field.split("[.\\[]", 2)[0];
        for (String alias : shows.fieldsAs()) {
            String[] pair = alias.split("=", 2);
            if (pair.length == 2 && pair[0].equals(first)) {
                first = pair[1];
            }
        }
        for (String candidate : List.of(field, first)) {
            if (isProperty(formType, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isProperty(Class<?> formType, String name) {
        if (formType.isRecord()) {
            return Arrays.stream(formType.getRecordComponents())
                    .anyMatch(c -> c.getName().equals(name));
        }
        return BeanUtils.getPropertyDescriptor(formType, name) != null;
    }

    /** The listed request parameters, but never a password. */
    /** The parameters to keep: those listed, else the bound form's record components. */
    private static String[] keep(RefusalShows shows, @Nullable Class<?> formType) {
        if (shows.keep().length > 0 || formType == null || !formType.isRecord()) {
            return shows.keep();
        }
        return Arrays.stream(formType.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName)
                .toArray(String[]::new);
    }

    private static Map<String, List<String>> kept(HttpServletRequest request, String[] names) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        for (String name : names) {
            String[] values = request.getParameterValues(name);
            if (values != null && !isPassword(name)) {
                kept.put(name, List.of(values));
            }
        }
        return kept;
    }

    static boolean isPassword(String parameter) {
        String name = parameter.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("apikey");
    }

    /** The message's arguments as they can travel in the session (texts and numbers as they are). */
    private static List<Serializable> arguments(Refusal refusal) {
        return Arrays.stream(refusal.messageArguments())
                .map(a -> a instanceof Number || a instanceof String ? (Serializable) a : String.valueOf(a))
                .toList();
    }

    /** Kept parameters as the binder reads them: one value as text, several as an array. */
    private record KeptValues(Map<String, List<String>> values) implements DataBinder.ValueResolver {
        @Override
        public @Nullable Object resolveValue(String name, Class<?> type) {
            List<String> kept = values.get(name);
            if (kept == null) {
                return null;
            }
            return kept.size() == 1 ? kept.getFirst() : kept.toArray(String[]::new);
        }

        @Override
        public Set<String> getNames() {
            return values.keySet();
        }
    }
}
