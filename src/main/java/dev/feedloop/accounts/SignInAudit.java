package dev.feedloop.accounts;

import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditActor;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import java.util.Locale;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records sign-ins, failed sign-ins and sign-outs from Spring Security's authentication events.
 * A password checked on an API request (HTTP Basic) is a use of the API, not a sign-in: only its
 * failures are recorded. Bearer tokens never pass the authentication manager, so their use is not
 * recorded at all. A failure commits on its own (nothing else is written), a success and a
 * sign-out in whatever transaction is open (none, in the filter chain).
 */
@Component
class SignInAudit {

    private final AuditLog audit;

    SignInAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void signedIn(AuthenticationSuccessEvent event) {
        if (onApi()) {
            return;
        }
        audit.record(AuditEntry.of(AuditAction.SIGNED_IN).by(actor(event.getAuthentication())));
    }

    @EventListener
    void signInFailed(AbstractAuthenticationFailureEvent event) {
        AuditActor typed = AuditActor.named(event.getAuthentication().getName());
        audit.recordOnItsOwn(AuditEntry.of(AuditAction.SIGN_IN_FAILED)
                .by(typed)
                .target("user:" + typed.name())
                .with("reason", reason(event))
                .with("channel", onApi() ? "api" : "page"));
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        audit.record(AuditEntry.of(AuditAction.SIGNED_OUT).by(actor(event.getAuthentication())));
    }

    private static AuditActor actor(Authentication authentication) {
        return authentication.getPrincipal() instanceof AccountPrincipal principal
                ? AuditActor.user(principal.id(), principal.getUsername())
                : AuditActor.named(authentication.getName());
    }

    /** {@code AuthenticationFailureBadCredentialsEvent} reads {@code bad_credentials}. */
    private static String reason(AbstractAuthenticationFailureEvent event) {
        String name = event.getClass()
                .getSimpleName()
                .replaceFirst("^AuthenticationFailure", "")
                .replaceFirst("Event$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static boolean onApi() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            String path = attributes
                    .getRequest()
                    .getRequestURI()
                    .substring(attributes.getRequest().getContextPath().length());
            return path.startsWith("/api/") || path.startsWith("/actuator/");
        }
        return false;
    }
}
