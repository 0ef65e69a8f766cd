// The strength circle, drawn: a name in the middle, strengths, passions and interests around it
// (the seeds' worksheet). The drawing is decorative (aria-hidden): the real content is always in
// lists or labelled inputs next to it. Plain SVG, so it scales to any width from 360 px up.
import { t } from "../../i18n";

export type SectorName = "strengths" | "passions" | "interests";
export const SECTORS: SectorName[] = ["strengths", "passions", "interests"];

const SIZE = 300;
const C = SIZE / 2;
const OUTER = 148;
const GAP = 2.5; // degrees between sectors
// Each sector covers 120°, clockwise from the top: strengths on top, passions lower right, interests lower left.
const START: Record<SectorName, number> = { strengths: -60, passions: 60, interests: 180 };

/** A point on a circle around the centre; 0° is straight up, angles go clockwise. */
export function polar(r: number, deg: number): [number, number] {
  const rad = (deg * Math.PI) / 180;
  return [round(C + r * Math.sin(rad)), round(C - r * Math.cos(rad))];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The SVG path of a ring sector between two radii and two angles. */
export function sectorPath(inner: number, outer: number, from: number, to: number): string {
  const large = to - from > 180 ? 1 : 0;
  const [x1, y1] = polar(outer, from);
  const [x2, y2] = polar(outer, to);
  const [x3, y3] = polar(inner, to);
  const [x4, y4] = polar(inner, from);
  return `M${x1} ${y1}A${outer} ${outer} 0 ${large} 1 ${x2} ${y2}L${x3} ${y3}A${inner} ${inner} 0 ${large} 0 ${x4} ${y4}Z`;
}

/** Shorten a text to `max` characters with an ellipsis (the full text is in the lists). */
export function fitText(text: string, max: number): string {
  const s = text.trim();
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** The name in the middle: one line, or two when it has a space, each at most `max` long. */
export function nameLines(name: string, max: number): string[] {
  const s = name.trim();
  if (s.length <= max || !s.includes(" ")) return [fitText(s, max)];
  const words = s.split(/\s+/);
  let first = words.shift() ?? "";
  while (words.length && `${first} ${words[0]}`.length <= max) first = `${first} ${words.shift()}`;
  return [fitText(first, max), fitText(words.join(" "), max)].filter(Boolean);
}

/** Which items fit in a sector, and how many more there are. */
export function visibleItems(items: readonly string[], max: number): { shown: string[]; more: number } {
  return items.length <= max ? { shown: [...items], more: 0 } : { shown: items.slice(0, max - 1), more: items.length - (max - 1) };
}

export interface CircleProps {
  name: string;
  strengths: readonly string[];
  passions: readonly string[];
  interests: readonly string[];
  /** A small circle (for a list of children): the name and one dot per item, no item texts. */
  small?: boolean;
}

export function StrengthCircle({ name, strengths, passions, interests, small }: CircleProps) {
  const items: Record<SectorName, readonly string[]> = { strengths, passions, interests };
  const inner = small ? 84 : 50;
  const centre = inner - 4;
  const lines = name.trim() ? nameLines(name, small ? 7 : 10) : [];
  const nameSize = small ? 36 : 15;
  return (
    <svg class={small ? "circle small" : "circle"} viewBox={`0 0 ${SIZE} ${SIZE}`} aria-hidden="true" focusable="false" data-testid="strength-circle">
      {SECTORS.map((s) => (
        <path key={s} class={`sector sector-${s}`} d={sectorPath(inner, OUTER, START[s] + GAP, START[s] + 120 - GAP)} />
      ))}
      <circle class="centre" cx={C} cy={C} r={centre} />
      {lines.map((line, i) => (
        <text key={i} class="name" x={C} y={C + (i - (lines.length - 1) / 2) * nameSize * 1.15} text-anchor="middle" dominant-baseline="central" style={{ fontSize: `${nameSize}px` }}>
          {line}
        </text>
      ))}
      {SECTORS.map((s) => (small ? <Dots key={s} sector={s} count={items[s].length} inner={inner} /> : <SectorText key={s} sector={s} items={items[s]} inner={inner} />))}
    </svg>
  );
}

function SectorText({ sector, items, inner }: { sector: SectorName; items: readonly string[]; inner: number }) {
  const [x, y] = polar((inner + OUTER) / 2, START[sector] + 60);
  const { shown, more } = visibleItems(items, 3);
  const rows: { text: string; cls: string }[] = [
    { text: t(`onboarding.${sector}`), cls: "label" },
    ...shown.map((text) => ({ text: fitText(text, 13), cls: "item" })),
    ...(more ? [{ text: t("onboarding.more", { count: more }), cls: "more" }] : []),
  ];
  const step = 14;
  return (
    <g>
      {rows.map((row, i) => (
        <text key={i} class={row.cls} x={x} y={round(y + (i - (rows.length - 1) / 2) * step)} text-anchor="middle" dominant-baseline="central">
          {row.text}
        </text>
      ))}
    </g>
  );
}

function Dots({ sector, count, inner }: { sector: SectorName; count: number; inner: number }) {
  const n = Math.min(count, 6);
  const r = (inner + OUTER) / 2;
  return (
    <g>
      {Array.from({ length: n }, (_, i) => {
        const [cx, cy] = polar(r, START[sector] + 60 + (i - (n - 1) / 2) * 16);
        return <circle key={i} class={`dot dot-${sector}`} cx={cx} cy={cy} r={11} />;
      })}
    </g>
  );
}
