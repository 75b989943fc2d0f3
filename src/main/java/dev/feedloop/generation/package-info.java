/**
 * Generation: the model endpoints Feedloop calls (OpenAI-compatible {@code /v1/chat/completions}
 * servers such as OpenAI, vLLM, Ollama and a llama.cpp server), registered by site admins.
 *
 * <p>{@link dev.feedloop.generation.ModelEndpoints} registers, changes and checks endpoints. Their
 * API keys are stored encrypted and never leave the module in plain text except on the wire to the
 * endpoint itself. Every call goes through a client that checks the addresses the endpoint's host
 * resolves to at call time (see docs/generation.md, "Addresses").
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Generation",
        allowedDependencies = {"accounts", "projects", "ingest", "jobs", "problems", "audit"})
package dev.feedloop.generation;
