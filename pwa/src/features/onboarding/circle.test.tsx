import { render } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../../i18n";
import { fitText, nameLines, polar, sectorPath, StrengthCircle, visibleItems } from "./circle";

afterEach(() => setLang("en"));

describe("StrengthCircle", () => {
  it("draws the name in the middle and each sector's items around it, hidden from screen readers", () => {
    const { container } = render(<StrengthCircle name="Ana" strengths={["Cooking", "Listening"]} passions={["Salsa dancing"]} interests={[]} />);
    const svg = container.querySelector("svg")!;
    expect(svg.getAttribute("aria-hidden")).toBe("true");
    const texts = [...svg.querySelectorAll("text")].map((n) => n.textContent);
    expect(svg.querySelector("text.name")!.textContent).toBe("Ana");
    expect(texts).toEqual(expect.arrayContaining(["Strengths", "Cooking", "Listening", "Passions", "Salsa dancing", "Interests"]));
    expect(svg.querySelectorAll("path.sector")).toHaveLength(3);
  });

  it("shows three items per sector at most and counts the rest", () => {
    const { container } = render(<StrengthCircle name="Ana" strengths={["a", "b", "c", "d", "e"]} passions={[]} interests={[]} />);
    const items = [...container.querySelectorAll("text.item")].map((n) => n.textContent);
    expect(items).toEqual(["a", "b"]);
    expect(container.querySelector("text.more")!.textContent).toBe("+3 more");
  });

  it("labels the sectors in the current language", () => {
    setLang("es");
    const { container } = render(<StrengthCircle name="Ana" strengths={[]} passions={[]} interests={[]} />);
    const labels = [...container.querySelectorAll("text.label")].map((n) => n.textContent);
    expect(labels).toEqual(["Fortalezas", "Pasiones", "Intereses"]);
  });

  it("draws a small circle as the name and one dot per item, without the texts", () => {
    const { container } = render(<StrengthCircle small name="Mia" strengths={["a", "b"]} passions={["c"]} interests={[]} />);
    expect(container.querySelector("svg")!.classList.contains("small")).toBe(true);
    expect(container.querySelectorAll("circle.dot")).toHaveLength(3);
    expect(container.querySelectorAll("text.item")).toHaveLength(0);
    expect(container.querySelector("text.name")!.textContent).toBe("Mia");
  });
});

describe("circle geometry and fitting", () => {
  it("puts 0° straight up and 90° to the right", () => {
    expect(polar(100, 0)).toEqual([150, 50]);
    expect(polar(100, 90)).toEqual([250, 150]);
  });

  it("draws a ring sector as two arcs joined by lines", () => {
    expect(sectorPath(50, 100, 0, 90)).toBe("M150 50A100 100 0 0 1 250 150L200 150A50 50 0 0 0 150 100Z");
  });

  it("shortens long texts with an ellipsis and leaves short ones alone", () => {
    expect(fitText("Soccer", 13)).toBe("Soccer");
    expect(fitText("Fixing old bicycles", 13)).toBe("Fixing old b…");
    expect(fitText("Fixing old bicycles", 13)).toHaveLength(13);
  });

  it("breaks a long name over two lines at a space", () => {
    expect(nameLines("Ana", 10)).toEqual(["Ana"]);
    expect(nameLines("Grandma Rosa", 10)).toEqual(["Grandma", "Rosa"]);
    expect(nameLines("Bartholomew-Smythe", 10)).toEqual(["Bartholom…"]);
  });

  it("counts how many items do not fit", () => {
    expect(visibleItems(["a", "b", "c"], 3)).toEqual({ shown: ["a", "b", "c"], more: 0 });
    expect(visibleItems(["a", "b", "c", "d"], 3)).toEqual({ shown: ["a", "b"], more: 2 });
  });
});
