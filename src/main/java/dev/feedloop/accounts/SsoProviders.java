package dev.feedloop.accounts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;

/**
 * The configured OpenID Connect providers (Spring Boot's {@code
 * spring.security.oauth2.client.registration.*}); none when nothing is configured, and then the
 * server has no single sign-on at all.
 */
@Component
public class SsoProviders {

    private final List<SsoProvider> providers;
    private final Optional<ClientRegistrationRepository> registrations;

    @Autowired
    SsoProviders(ObjectProvider<ClientRegistrationRepository> registrations) {
        this(Optional.ofNullable(registrations.getIfAvailable()));
    }

    private SsoProviders(Optional<ClientRegistrationRepository> registrations) {
        this.registrations = registrations;
        List<SsoProvider> found = new ArrayList<>();
        if (this.registrations.orElse(null) instanceof Iterable<?> all) {
            for (Object registration : all) {
                if (registration instanceof ClientRegistration client) {
                    found.add(new SsoProvider(client.getRegistrationId(), client.getClientName()));
                }
            }
        }
        found.sort(Comparator.comparing(SsoProvider::registrationId));
        this.providers = List.copyOf(found);
    }

    /** No single sign-on (a server without client registrations). */
    public static SsoProviders none() {
        return new SsoProviders(Optional.empty());
    }

    /** The providers, by registration id. */
    public List<SsoProvider> list() {
        return providers;
    }

    Optional<ClientRegistrationRepository> registrations() {
        return registrations;
    }
}
