package dev.feedloop.generation;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI client's HTTP transport for one endpoint: OkHttp with the endpoint's address check as
 * its name resolver ({@link EndpointAddresses#dns()}) and on address literals, so every connection
 * is checked where it is made; without following redirects (a redirect could point anywhere, past
 * that check) and without a proxy (which would resolve the name itself). The
 * endpoint's timeout bounds the whole call; the SDK's per-request timeouts are not used.
 */
final class GuardedHttpClient implements HttpClient {

    private static final String AUTHORIZATION = "Authorization";

    private final OkHttpClient client;
    private final boolean sendsKey;

    /**
     * @param sendsKey false for endpoints without a key: the SDK always sets a bearer token, which
     *     is then left out
     */
    GuardedHttpClient(EndpointAddresses addresses, Duration timeout, boolean sendsKey) {
        this.client = addresses.httpClient(timeout);
        this.sendsKey = sendsKey;
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
        try {
            return response(client.newCall(toOkHttp(request)).execute());
        } catch (IOException e) {
            throw new OpenAIIoException("Request failed", e);
        } finally {
            closeBody(request);
        }
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
        CompletableFuture<HttpResponse> future = new CompletableFuture<>();
        Call call = client.newCall(toOkHttp(request));
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                future.complete(response(response));
            }

            @Override
            public void onFailure(Call call, IOException e) {
                future.completeExceptionally(new OpenAIIoException("Request failed", e));
            }
        });
        future.whenComplete((unused, error) -> {
            if (future.isCancelled()) {
                call.cancel();
            }
            closeBody(request);
        });
        return future;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private Request toOkHttp(HttpRequest request) {
        RequestBody body = body(request.body());
        HttpMethod method = request.method();
        if (body == null && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
            body = RequestBody.create(new byte[0], null);
        }
        Request.Builder builder = new Request.Builder().url(request.url()).method(method.name(), body);
        Headers headers = request.headers();
        for (String name : headers.names()) {
            if (!sendsKey && name.equalsIgnoreCase(AUTHORIZATION)) {
                continue;
            }
            for (String value : headers.values(name)) {
                builder.addHeader(name, value);
            }
        }
        return builder.build();
    }

    private static @Nullable RequestBody body(@Nullable HttpRequestBody source) {
        if (source == null) {
            return null;
        }
        MediaType type = source.contentType() == null ? null : MediaType.parse(source.contentType());
        long length = source.contentLength();
        return new RequestBody() {
            @Override
            public @Nullable MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public boolean isOneShot() {
                return !source.repeatable();
            }

            @Override
            public void writeTo(BufferedSink sink) {
                source.writeTo(sink.outputStream());
            }
        };
    }

    private static HttpResponse response(Response response) {
        Headers.Builder headers = Headers.builder();
        for (int i = 0; i < response.headers().size(); i++) {
            headers.put(response.headers().name(i), response.headers().value(i));
        }
        Headers built = headers.build();
        return new HttpResponse() {
            @Override
            public int statusCode() {
                return response.code();
            }

            @Override
            public Headers headers() {
                return built;
            }

            @Override
            public InputStream body() {
                return response.body().byteStream();
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    private static void closeBody(HttpRequest request) {
        if (request.body() != null) {
            request.body().close();
        }
    }
}
