import { describe, expect, it } from "vitest";
import { Semaphore, slackError } from "./context.js";

describe("Semaphore", () => {
  it("runs at most `slots` at once, the rest in arrival order", async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const job = (i: number) =>
      sem.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
        running--;
        if (i === 1) throw new Error("a failed answer frees its slot too");
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(job));
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results[1]!.status).toBe("rejected");
    expect(sem.queued).toBe(0);
  });
});

describe("slackError", () => {
  it("names the Web API's error code when there is one", () => {
    expect(
      slackError(
        Object.assign(new Error("An API error occurred: not_in_channel"), {
          data: { error: "not_in_channel" },
        }),
      ),
    ).toBe("not_in_channel");
    expect(slackError(new Error("socket hang up"))).toBe("socket hang up");
  });
});
