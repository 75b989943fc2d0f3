package dev.feedloop.generation;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientAsyncImpl;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import java.time.Duration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;

/**
 * Builds Spring AI's OpenAI chat model for one endpoint at run time (endpoints come from the
 * database, so no auto-configured client is used): the OpenAI SDK's client over {@link
 * GuardedHttpClient}, the endpoint's base URL, key and default parameters, and no retries of its
 * own (callers decide when to try again). A key the endpoint does not have is never taken from the
 * environment ({@code OPENAI_API_KEY}).
 */
@Component
class ModelClients {

    /** What the SDK sends as the key of an endpoint without one; the transport leaves it out. */
    private static final String NO_KEY = "none";

    private final EndpointAddresses addresses;

    ModelClients(EndpointAddresses addresses) {
        this.addresses = addresses;
    }

    /** A chat model for the endpoint; close it with {@link Client#close()} when done. */
    Client open(EndpointConnection endpoint, Duration timeout) {
        boolean withKey = endpoint.apiKey() != null;
        ClientOptions options = ClientOptions.builder()
                .httpClient(new GuardedHttpClient(addresses, timeout, withKey))
                .baseUrl(endpoint.baseUrl())
                .apiKey(withKey ? endpoint.apiKey() : NO_KEY)
                .maxRetries(0)
                .timeout(timeout)
                .putHeader("User-Agent", "Feedloop")
                .build();
        OpenAIClient client = new OpenAIClientImpl(options);
        OpenAIClientAsync async = new OpenAIClientAsyncImpl(options);
        OpenAiChatModel model = OpenAiChatModel.builder()
                .openAiClient(client)
                .openAiClientAsync(async)
                .options(options(endpoint, timeout).build())
                .build();
        return new Client(model, client, async);
    }

    /**
     * The endpoint's model and default parameters. A prompt's own options replace the model's
     * defaults whole, so a prompt that changes one parameter starts from these.
     */
    static OpenAiChatOptions.Builder options(EndpointConnection endpoint, Duration timeout) {
        OpenAiChatOptions.Builder options = OpenAiChatOptions.builder()
                .model(endpoint.model())
                .timeout(timeout)
                .maxRetries(0);
        if (endpoint.temperature() != null) {
            options.temperature(endpoint.temperature().doubleValue());
        }
        if (endpoint.topP() != null) {
            options.topP(endpoint.topP().doubleValue());
        }
        if (endpoint.maxTokens() != null) {
            options.maxTokens(endpoint.maxTokens());
        }
        return options;
    }

    /** An endpoint's chat model and the SDK clients under it. */
    record Client(OpenAiChatModel model, OpenAIClient client, OpenAIClientAsync async) implements AutoCloseable {

        @Override
        public void close() {
            client.close();
            async.close();
        }
    }
}
