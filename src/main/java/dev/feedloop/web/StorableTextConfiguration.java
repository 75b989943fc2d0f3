package dev.feedloop.web;

import java.lang.reflect.Type;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Where text that cannot be stored ({@link StorableText}) is refused: request parameters and file
 * names by {@link StorableTextFilter}; strings of JSON bodies as Jackson reads them (typed bodies)
 * or right after (bodies read as a {@link JsonNode} tree).
 */
@Configuration(proxyBeanMethods = false)
class StorableTextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorableTextConfiguration.class);

    /** Ahead of both security filter chains, so that the login form is checked too. */
    @Bean
    FilterRegistrationBean<StorableTextFilter> storableTextFilter(JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new StorableTextFilter(json));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    @Bean
    JsonMapperBuilderCustomizer storableJsonStrings() {
        SimpleModule module = new SimpleModule("storable-text");
        module.addDeserializer(String.class, new StorableStringDeserializer());
        return builder -> builder.addModule(module);
    }

    /** A JSON string that cannot be stored; Jackson adds the path to the field as it propagates. */
    static final class UnstorableJsonText extends InvalidFormatException {
        private final String reason;

        UnstorableJsonText(JsonParser parser, String reason) {
            super(parser, "The text " + reason, null, String.class);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /** Strings of typed JSON bodies (records, lists of text). */
    static final class StorableStringDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            String reason = StorableText.problem(value);
            if (reason != null) {
                throw new UnstorableJsonText(p, reason);
            }
            return value;
        }
    }

    /** JSON bodies read as a tree: every string and property name in it. */
    @ControllerAdvice
    static class StorableJsonTrees extends RequestBodyAdviceAdapter {
        @Override
        public boolean supports(
                MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
            return targetType instanceof Class<?> type && JsonNode.class.isAssignableFrom(type);
        }

        @Override
        public Object afterBodyRead(
                Object body,
                HttpInputMessage inputMessage,
                MethodParameter parameter,
                Type targetType,
                Class<? extends HttpMessageConverter<?>> converterType) {
            if (body instanceof JsonNode tree) {
                String[] refusal = find(tree, "");
                if (refusal != null) {
                    log.warn("Refused a JSON body: the field '{}' {}", refusal[0], refusal[1]);
                    ProblemDetail problem = StorableText.refusal(refusal[0], refusal[1]);
                    throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
                }
            }
            return body;
        }

        /** The path and reason of the first string in {@code node} that cannot be stored, or {@code null}. */
        private static String[] find(JsonNode node, String path) {
            if (node.isString()) {
                String reason = StorableText.problem(node.asString());
                return reason == null ? null : new String[] {path.isEmpty() ? "(body)" : path, reason};
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String[] found = find(node.get(i), path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    String name = property.getKey();
                    String at = path.isEmpty() ? name : path + "." + name;
                    String reason = StorableText.problem(name);
                    if (reason != null) {
                        return new String[] {path.isEmpty() ? "(body)" : path, "has a property name that " + reason};
                    }
                    String[] found = find(property.getValue(), at);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
    }
}
