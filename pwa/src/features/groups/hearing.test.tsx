import { cleanup, render } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../../api/client";
import { signIn } from "../../state/session";
import { useMarkSeenOnNews } from "./hearing";

let sent: string[] = [];

function Probe({ news }: { news: number }) {
  useMarkSeenOnNews("R3JvdXA6MQ==", news);
  return null;
}

beforeEach(() => {
  vi.useFakeTimers();
  signIn("tok", "Q2FyZWdpdmVyOjE=");
  sent = [];
  setTransport(async (raw) => {
    sent.push(JSON.parse(raw).operationName);
    return new Response(JSON.stringify({ data: { markGroupSeen: { errors: [] } } }), { headers: { "Content-Type": "application/json" } });
  });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("news that arrives while the group is open", () => {
  it("is marked seen once, a moment after the latest of a burst; nothing before any news", async () => {
    const { rerender } = render(<Probe news={0} />);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([]);
    rerender(<Probe news={1} />);
    await vi.advanceTimersByTimeAsync(1000);
    rerender(<Probe news={2} />);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(["GroupsMarkSeen"]);
  });
});
