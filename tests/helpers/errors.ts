/** The full text of a rejection: drizzle wraps driver errors ("Failed query: …") with the real one as `cause`. */
export async function failureOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const parts: string[] = [];
    for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause)
      parts.push(String((e as Error).message ?? e));
    return parts.join(" <- ");
  }
  throw new Error("expected the promise to reject, but it resolved");
}
