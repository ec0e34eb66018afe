/**
 * The model client: the official Anthropic SDK, which already retries 429/529/5xx and connection errors with
 * backoff (honouring retry-after), so the agent adds no retry loop of its own. `describeModelError` turns what
 * is left after retries into one line a person in Slack or a terminal can act on.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { Config } from "../config.js";
import type { ToolSearchMode } from "./tool-selection.js";

export interface ModelClientOptions {
  apiKey: string;
  /** Any Anthropic-compatible endpoint (ANTHROPIC_BASE_URL); the SDK default otherwise. */
  baseURL?: string;
  /** Retries of 429/529/5xx and connection errors; 3 gives ~1–10 s of backoff before giving up. */
  maxRetries?: number;
  /** Per-request timeout in ms; the SDK default (10 min) is kept when unset. */
  timeout?: number;
}

export type ModelClient = Anthropic;

export function createModelClient(opts: ModelClientOptions): ModelClient {
  return new Anthropic({
    apiKey: opts.apiKey,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    maxRetries: opts.maxRetries ?? 3,
    ...(opts.timeout ? { timeout: opts.timeout } : {}),
  });
}

/** The model a surface answers with: the client, the model name and how it reaches tools beyond the always-on set. */
export interface AgentModel {
  client: ModelClient;
  name: string;
  toolSearch?: ToolSearchMode;
}

/** The configured model, or undefined without ANTHROPIC_API_KEY (every surface then answers in command mode). */
export function modelFromConfig(
  config: Pick<Config, "ANTHROPIC_API_KEY" | "ANTHROPIC_BASE_URL" | "OMNI_MODEL" | "toolSearch">,
): AgentModel | undefined {
  if (!config.ANTHROPIC_API_KEY) return undefined;
  return {
    client: createModelClient({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL }),
    name: config.OMNI_MODEL,
    toolSearch: config.toolSearch,
  };
}

/** One line for the user; never the raw body or a stack. Unknown errors keep their own message. */
export function describeModelError(err: unknown): string {
  if (err instanceof Anthropic.APIConnectionTimeoutError)
    return "The model endpoint timed out; check ANTHROPIC_BASE_URL and the network, then try again.";
  if (err instanceof Anthropic.APIConnectionError)
    return "The model endpoint is unreachable; check ANTHROPIC_BASE_URL and the network, then try again.";
  if (err instanceof Anthropic.APIError) {
    const type = err.type ?? "";
    if (err.status === 401 || type === "authentication_error")
      return "The model API rejected the API key (401); check ANTHROPIC_API_KEY.";
    if (err.status === 403 || type === "permission_error")
      return "The API key may not use this model (403); check OMNI_MODEL and the key's permissions.";
    if (err.status === 429 || type === "rate_limit_error")
      return "The model is busy (rate limited), try again in a minute.";
    if (err.status === 529 || type === "overloaded_error")
      return "The model is busy (overloaded), try again in a minute.";
    if (err.status === 404 || type === "not_found_error")
      return "The model or endpoint was not found (404); check OMNI_MODEL and ANTHROPIC_BASE_URL.";
    const inner = (err.error as { error?: { message?: string } } | undefined)?.error?.message;
    return `The model API failed${err.status ? ` (${err.status})` : ""}: ${inner ?? err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
