import { cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import type { QueryState } from "../api/hooks";
import { setLang } from "../i18n";
import { QueryView } from ".";

type Data = { items: string[] };
const state = (over: Partial<QueryState<Data>> = {}): QueryState<Data> => ({ data: undefined, loading: false, offline: false, savedAt: undefined, error: undefined, refetch: () => undefined, ...over });
const list = (q: QueryState<Data>, extra: { saved?: boolean; missing?: string } = {}) =>
  render(
    <QueryView q={q} saved={extra.saved} select={(d) => d.items} isEmpty={(l) => l.length === 0} empty={<p>Nothing yet.</p>} {...("missing" in extra ? { missing: extra.missing } : {})}>
      {(items) => (
        <ul>
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </QueryView>,
  );

afterEach(() => {
  cleanup();
  setLang("en");
});

describe("QueryView", () => {
  it("says it is loading until the first answer, as a status", () => {
    const { getByRole } = list(state({ loading: true }));
    expect(getByRole("status").textContent).toBe("Loading…");
  });

  it("shows the answer, and keeps it on screen while it is fetched again", () => {
    const { getAllByRole, queryByText } = list(state({ data: { items: ["a", "b"] }, loading: true }));
    expect(getAllByRole("listitem").map((li) => li.textContent)).toEqual(["a", "b"]);
    expect(queryByText("Loading…")).toBeNull();
  });

  it("gives the reason as an alert when there is nothing to show, in the catalogue's words for a code", () => {
    setLang("es");
    const { getByRole } = list(state({ error: new ApiError("Not found.", "NOT_FOUND") }));
    expect(getByRole("alert").textContent).toBe("No lo encontramos. Puede que se haya eliminado.");
  });

  it("says when it shows the saved copy, and when it was saved", () => {
    const savedAt = new Date("2026-03-01T10:00:00").getTime();
    const { getAllByRole } = list(state({ data: { items: ["a"] }, offline: true, savedAt }));
    expect(getAllByRole("status")[0].textContent).toMatch(/^Showing what you last saw \(.+\)\.$/);
    cleanup();
    const again = list(state({ data: { items: ["a"] }, offline: true, savedAt }), { saved: false });
    expect(again.queryByRole("status")).toBeNull();
  });

  it("shows an empty answer as empty, and by default a list never seen too", () => {
    expect(list(state({ data: { items: [] } })).getByText("Nothing yet.")).toBeTruthy();
    cleanup();
    expect(list(state({ offline: true })).getByText("Nothing yet.")).toBeTruthy();
    cleanup();
    expect(list(state({ offline: true }), { missing: "Not seen here yet." }).getByText("Not seen here yet.")).toBeTruthy();
  });

  it("mounts a form once ready, with or without an answer", () => {
    const form = (q: QueryState<Data>, ready: boolean) =>
      render(
        <QueryView q={q} ready={ready}>
          {() => <form aria-label="Form" />}
        </QueryView>,
      );
    expect(form(state({ loading: true }), false).getByRole("status").textContent).toBe("Loading…");
    cleanup();
    expect(form(state({ loading: true }), true).getByRole("form")).toBeTruthy();
  });
});
