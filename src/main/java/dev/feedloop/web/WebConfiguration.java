package dev.feedloop.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Supported page languages; the first is the default. */
    static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.forLanguageTag("ru"));

    /**
     * The page language: a cookie set by the language switch (and at login from the person's saved
     * preference), else the browser's Accept-Language, else English.
     */
    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("feedloop-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        resolver.setDefaultLocaleFunction(request -> {
            Locale best = request.getLocale();
            return best != null && "ru".equals(best.getLanguage()) ? LOCALES.get(1) : LOCALES.get(0);
        });
        return resolver;
    }
}
