package dev.feedloop.generation;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.problems.Refusal;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Use cases on model endpoints; site admins only. Keys are encrypted before they are stored and
 * never returned: views carry the last four characters.
 */
@Service
public class ModelEndpoints {

    private final ModelEndpointRepository endpoints;
    private final KeyCipher cipher;
    private final EndpointAddresses addresses;
    private final EndpointChecks checks;
    private final TransactionTemplate readOnly;
    private final Validator validator;
    private final AuditLog audit;

    private static final List<String> FIELD_ORDER = List.of(
            "name",
            "baseUrl",
            "model",
            "apiKey",
            "temperature",
            "topP",
            "maxTokens",
            "systemPrompt",
            "concurrencyLimit",
            "requestsPerMinute",
            "promptPricePer1k",
            "completionPricePer1k");

    ModelEndpoints(
            ModelEndpointRepository endpoints,
            KeyCipher cipher,
            EndpointAddresses addresses,
            EndpointChecks checks,
            TransactionTemplate transactions,
            Validator validator,
            AuditLog audit) {
        this.validator = validator;
        this.audit = audit;
        this.endpoints = endpoints;
        this.cipher = cipher;
        this.addresses = addresses;
        this.checks = checks;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    @Transactional(readOnly = true)
    public List<EndpointView> list(AccountPrincipal actor) {
        requireAdmin(actor);
        return endpoints.findAllOrdered().stream().map(ModelEndpoint::toView).toList();
    }

    @Transactional(readOnly = true)
    public EndpointView get(AccountPrincipal actor, long id) {
        requireAdmin(actor);
        return load(id).toView();
    }

    /** Whether keys can be stored: the server key is set. */
    public boolean keysAccepted() {
        return cipher.available();
    }

    @Transactional
    public EndpointView create(AccountPrincipal actor, EndpointSettings settings) {
        requireAdmin(actor);
        CheckedSettings checked = check(settings, null);
        ModelEndpoint endpoint = new ModelEndpoint(actor.id());
        endpoint.apply(checked);
        setKey(endpoint, settings);
        EndpointView created = save(endpoint, checked.name());
        audit.record(endpointEntry(AuditAction.ENDPOINT_CREATED, actor, created)
                .with("model", created.model())
                .with("apiKeyChanged", keyChanged(settings) ? "yes" : "no"));
        return created;
    }

    @Transactional
    public EndpointView update(AccountPrincipal actor, long id, EndpointSettings settings) {
        requireAdmin(actor);
        ModelEndpoint endpoint = load(id);
        EndpointView before = endpoint.toView();
        CheckedSettings checked = check(settings, id);
        endpoint.apply(checked);
        if (settings.clearsKey()) {
            endpoint.clearKey();
        }
        setKey(endpoint, settings);
        EndpointView after = save(endpoint, checked.name());
        audit.record(endpointEntry(AuditAction.ENDPOINT_CHANGED, actor, after)
                .with("changed", changedSettings(before, after))
                .with("apiKeyChanged", keyChanged(settings) ? "yes" : "no"));
        return after;
    }

    @Transactional
    public void delete(AccountPrincipal actor, long id) {
        requireAdmin(actor);
        ModelEndpoint endpoint = load(id);
        EndpointView gone = endpoint.toView();
        endpoints.delete(endpoint);
        audit.record(endpointEntry(AuditAction.ENDPOINT_DELETED, actor, gone));
    }

    private static AuditEntry endpointEntry(String action, AccountPrincipal actor, EndpointView endpoint) {
        return AuditEntry.of(action)
                .by(actor.id(), actor.getUsername())
                .target("endpoint:" + endpoint.id())
                .with("name", endpoint.name());
    }

    /** Whether the request sets a new key or clears it (never the key itself, for the audit log). */
    private static boolean keyChanged(EndpointSettings settings) {
        return settings.clearsKey()
                || (settings.apiKey() != null && !settings.apiKey().isBlank());
    }

    /** The names of the settings that differ, the key left out (it has its own detail). */
    private static List<String> changedSettings(EndpointView before, EndpointView after) {
        List<String> changed = new ArrayList<>();
        for (var component : EndpointView.class.getRecordComponents()) {
            String name = component.getName();
            if (name.equals("keyLast4") || name.equals("createdAt") || name.equals("updatedAt")) {
                continue;
            }
            try {
                Object was = component.getAccessor().invoke(before);
                Object is = component.getAccessor().invoke(after);
                boolean same = was instanceof java.math.BigDecimal a && is instanceof java.math.BigDecimal b
                        ? a.compareTo(b) == 0
                        : java.util.Objects.equals(was, is);
                if (!same) {
                    changed.add(name);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed;
    }

    /**
     * Sends a tiny chat completion to the endpoint and reports how it went. The endpoint is read in
     * a short transaction of its own; the call runs after it ends.
     */
    public ConnectionCheck test(AccountPrincipal actor, long id) {
        requireAdmin(actor);
        EndpointConnection connection = readOnly.execute(status -> load(id).connection(cipher));
        return checks.check(connection);
    }

    private EndpointView save(ModelEndpoint endpoint, String name) {
        try {
            return endpoints.saveAndFlush(endpoint).toView();
        } catch (DataIntegrityViolationException e) {
            throw GenerationRefusals.nameTaken(name);
        }
    }

    private void setKey(ModelEndpoint endpoint, EndpointSettings settings) {
        String key = settings.apiKey() == null ? "" : settings.apiKey().strip();
        if (key.isEmpty()) {
            return;
        }
        if (key.length() < 4 || key.chars().anyMatch(Character::isWhitespace)) {
            throw GenerationRefusals.badApiKey();
        }
        endpoint.setKey(cipher.encrypt(key), key.substring(key.length() - 4));
    }

    private CheckedSettings check(EndpointSettings settings, @Nullable Long id) {
        validate(settings);
        String name = strip(settings.name());
        if (name == null) {
            throw GenerationRefusals.badName();
        }
        endpoints
                .findByNameIgnoringCase(name)
                .filter(other -> !other.id().equals(id))
                .ifPresent(other -> {
                    throw GenerationRefusals.nameTaken(name);
                });
        String baseUrl = strip(settings.baseUrl());
        if (baseUrl == null) {
            throw GenerationRefusals.badBaseUrl();
        }
        String model = strip(settings.model());
        if (model == null) {
            throw GenerationRefusals.badModel();
        }
        return new CheckedSettings(
                name,
                addresses.checkBaseUrl(baseUrl),
                model,
                settings.temperature(),
                settings.topP(),
                settings.maxTokens(),
                strip(settings.systemPrompt()),
                settings.concurrencyLimit(),
                settings.requestsPerMinute(),
                settings.promptPricePer1k(),
                settings.completionPricePer1k());
    }

    /** The record's constraints, for callers that did not check them (the same as the page's and API's). */
    private void validate(EndpointSettings settings) {
        List<ConstraintViolation<EndpointSettings>> violations = validator.validate(settings).stream()
                .sorted(Comparator.comparing(
                        v -> FIELD_ORDER.indexOf(v.getPropertyPath().toString())))
                .toList();
        if (!violations.isEmpty()) {
            var first = violations.getFirst();
            String template = first.getMessageTemplate();
            String code = template.startsWith("{") ? template.substring(1, template.length() - 1) : template;
            throw GenerationRefusals.invalid(
                    first.getPropertyPath().toString(),
                    code,
                    violations.stream()
                            .map(v -> new Refusal.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                            .toList());
        }
    }

    private static @Nullable String strip(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private ModelEndpoint load(long id) {
        return endpoints.findById(id).orElseThrow(() -> GenerationRefusals.notFound(id));
    }

    private static void requireAdmin(AccountPrincipal actor) {
        if (!actor.admin()) {
            throw GenerationRefusals.adminsOnly();
        }
    }
}
