/** Drives the real Anthropic SDK against the fake to prove the fake speaks the API's wire format. */
import Anthropic from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "./anthropic.js";

const model = "claude-sonnet-4-6";
const user = (text: string) => [{ role: "user" as const, content: text }];

describe("fake Anthropic Messages API", () => {
  let fake: FakeAnthropic;
  let client: Anthropic;

  beforeEach(async () => {
    fake = await startFakeAnthropic();
    client = new Anthropic({ apiKey: "test", baseURL: fake.url, maxRetries: 2 });
  });
  afterEach(() => fake.close());

  it("answers a plain message and records what the client sent", async () => {
    fake.script({ content: [{ type: "text", text: "Hello there." }] });

    const message = await client.messages.create({
      model,
      max_tokens: 256,
      system: "You are terse.",
      messages: user("Hi"),
    });

    expect(message.content).toEqual([{ type: "text", text: "Hello there." }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.model).toBe(model);
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.headers.authorization ?? request?.headers["x-api-key"]).toMatch(/test/);
    expect(request?.headers["anthropic-version"]).toBeTruthy();
    expect(request?.body).toMatchObject({
      model,
      max_tokens: 256,
      system: "You are terse.",
      messages: user("Hi"),
    });
  });

  it("streams text and a tool_use whose input arrives in pieces, reassembled by the SDK", async () => {
    const input = {
      customer: "Acme GmbH",
      amount_cents: 125_000,
      lines: [{ sku: "A-1", qty: 3 }],
      note: "ünïcode ✓",
    };
    fake.script((request) => ({
      content: [
        { type: "text", text: "Let me create that invoice for you." },
        { type: "tool_use", id: "toolu_01", name: request.body.tools?.[0]?.name ?? "missing", input },
      ],
    }));

    const stream = client.messages.stream({
      model,
      max_tokens: 256,
      tools: [
        { name: "invoices_create", description: "Create an invoice", input_schema: { type: "object" } },
      ],
      messages: user("Invoice Acme"),
    });
    const events: string[] = [];
    const jsonPieces: string[] = [];
    stream.on("streamEvent", (event) => events.push(event.type));
    stream.on("inputJson", (partial) => jsonPieces.push(partial));
    const message = await stream.finalMessage();

    expect(fake.requests[0]?.body?.stream).toBe(true);
    expect(events[0]).toBe("message_start");
    expect(events.slice(-2)).toEqual(["message_delta", "message_stop"]);
    expect(events.filter((type) => type === "content_block_start")).toHaveLength(2);
    expect(jsonPieces.filter(Boolean).length).toBeGreaterThan(3);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content[0]).toEqual({ type: "text", text: "Let me create that invoice for you." });
    expect(message.content[1]).toMatchObject({
      type: "tool_use",
      id: "toolu_01",
      name: "invoices_create",
      input,
    });
    expect(message.usage.output_tokens).toBeGreaterThan(1);
  });

  it("lets the SDK retry a 429 and then succeed", async () => {
    fake.script(
      {
        status: 429,
        type: "rate_limit_error",
        message: "Number of requests has exceeded your rate limit",
        retryAfter: 0.01,
      },
      { content: [{ type: "text", text: "ok" }] },
    );

    const message = await client.messages.create({ model, max_tokens: 16, messages: user("Hi") });

    expect(message.content).toEqual([{ type: "text", text: "ok" }]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.headers["x-stainless-retry-count"]).toBe("1");
  });

  it("throws a 529 overloaded error once the SDK's retries are exhausted", async () => {
    const overloaded = {
      status: 529,
      type: "overloaded_error",
      message: "Overloaded",
      retryAfter: 0.01,
    } as const;
    fake.script(overloaded, overloaded, overloaded);

    const error = await client.messages
      .create({ model, max_tokens: 16, messages: user("Hi") })
      .catch((e) => e);

    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.status).toBe(529);
    expect(error.type).toBe("overloaded_error");
    expect(error.requestID).toMatch(/^req_/);
    expect(error.error).toMatchObject({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    expect(fake.requests).toHaveLength(3);
  });

  it("reports a cache read when a later request repeats the cached tools and system prefix", async () => {
    const tools = [
      {
        name: "customers_list",
        description: "List customers",
        input_schema: { type: "object" as const },
        cache_control: { type: "ephemeral" as const },
      },
    ];
    const system = [
      {
        type: "text" as const,
        text: "You are the analyst. ".repeat(50),
        cache_control: { type: "ephemeral" as const },
      },
    ];
    fake.script({ content: [{ type: "text", text: "one" }] }, { content: [{ type: "text", text: "two" }] });
    fake.script({ content: [{ type: "text", text: "three" }] });

    const first = await client.messages.create({
      model,
      max_tokens: 16,
      tools,
      system,
      messages: user("Q1"),
    });
    const second = await client.messages.create({
      model,
      max_tokens: 16,
      tools,
      system,
      messages: user("Q2"),
    });
    const changed = [{ ...system[0]!, text: `Today is 2026-01-01. ${system[0]!.text}` }];
    const third = await client.messages.create({
      model,
      max_tokens: 16,
      tools,
      system: changed,
      messages: user("Q3"),
    });

    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(250);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    // The tools breakpoint still hits; the changed system block is written anew.
    expect(third.usage.cache_read_input_tokens).toBeGreaterThan(0);
    expect(third.usage.cache_read_input_tokens).toBeLessThan(100);
    expect(third.usage.cache_creation_input_tokens).toBeGreaterThan(250);
    expect(fake.requests[1]?.body?.system).toEqual(system);
  });

  it("answers 401 with the real error shape when no key is sent, without using the script", async () => {
    fake.script({ content: [{ type: "text", text: "kept for later" }] });
    const keyless = new Anthropic({
      apiKey: "test",
      baseURL: fake.url,
      defaultHeaders: { Authorization: null },
    });

    const error = await keyless.messages
      .create({ model, max_tokens: 16, messages: user("Hi") })
      .catch((e) => e);

    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.error).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    const message = await client.messages.create({ model, max_tokens: 16, messages: user("Hi") });
    expect(message.content).toEqual([{ type: "text", text: "kept for later" }]);
  });

  it("accepts x-api-key as well as a bearer token", async () => {
    fake.script({ content: [{ type: "text", text: "ok" }] });
    const viaHeader = new Anthropic({
      apiKey: "test",
      baseURL: fake.url,
      defaultHeaders: { Authorization: null, "x-api-key": "test" },
    });

    const message = await viaHeader.messages.create({ model, max_tokens: 16, messages: user("Hi") });

    expect(message.content).toEqual([{ type: "text", text: "ok" }]);
    expect(fake.requests[0]?.headers["x-api-key"]).toBe("test");
  });

  it("fails loudly, without retries, when the script runs out", async () => {
    const error = await client.messages
      .create({ model, max_tokens: 16, messages: user("Hi") })
      .catch((e) => e);

    expect(error.status).toBe(500);
    expect(error.message).toMatch(/script ran out/);
    expect(fake.requests).toHaveLength(1);
  });

  it("can fail mid-stream with an error event, as the real API does when it overloads", async () => {
    fake.script({ status: 529, type: "overloaded_error", message: "Overloaded", midStream: true });

    const error = await client.messages
      .stream({ model, max_tokens: 16, messages: user("Hi") })
      .finalMessage()
      .catch((e) => e);

    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.type).toBe("overloaded_error");
    expect(fake.requests).toHaveLength(1);
  });
});
