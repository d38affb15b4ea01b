// Label placement for scatter charts: every label beside its point, none overlapping another
// label, a point, an obstacle (e.g. a quadrant's name) or another label's leader line, and all
// inside the plot. Ids must be unique. Layout arithmetic only (pixels), deterministic: the same
// input always gives the same output.
//
// Greedy, one label at a time (a few orders are tried and the cheapest layout kept):
//  1. the eight positions around the point (right, left, the four diagonals, above, below);
//  2. right and left of the point nudged up and down, a step at a time;
//  3. every position of a grid over the plot, nearest the point first, with a leader line from
//     the point to the label (the line crosses no label).
// Strict at first: no other point hugging the label more closely than its own, and the leader crosses no other
// point, leader or label; each is relaxed in turn only when a crowd leaves no other way (a leader
// through another label only when points sit on top of each other, walled in by labels).
// The first free position wins. When the plot has no free room at all the label goes to its
// right-hand position and is marked `overlaps` (the chart should then be made bigger).

export interface Box {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  w: number;
  h: number;
}

export interface LabelRequest {
  id: string;
  /** The point the label belongs to. */
  px: number;
  py: number;
  /** The label's size (text measured by the caller). */
  w: number;
  h: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PlacedLabel {
  id: string;
  box: Box;
  /** From the edge of the point to the nearest side of the label, when it was moved away. */
  leader: Segment | null;
  /** True only when there was no free room left anywhere in the plot. */
  overlaps: boolean;
}

export interface PlaceOptions {
  /** The labels stay inside this box. */
  bounds: Box;
  /** Radius of the point markers: no label covers any point. */
  pointRadius: number;
  /** Fixed boxes no label may cover (quadrant names, a legend). */
  obstacles?: Box[];
  /** Space between a point and its label. */
  gap?: number;
  /** Smallest space between two labels. */
  padding?: number;
  /** Grid step, in pixels, of the nudges and of the search for free room (default 5). */
  step?: number;
  /** A label further than this from its point's edge gets a leader line. */
  leaderAfter?: number;
  /** Points with more neighbours within this distance are labelled first. */
  crowdRadius?: number;
}

/** Do two boxes overlap, allowing them to sit `padding` apart? */
export function overlaps(a: Box, b: Box, padding = 0): boolean {
  return a.x < b.x + b.w + padding && b.x < a.x + a.w + padding && a.y < b.y + b.h + padding && b.y < a.y + a.h + padding;
}

/** Is `inner` inside `outer`? (A hair of rounding tolerated.) */
export function inside(inner: Box, outer: Box): boolean {
  const e = 1e-9;
  return inner.x >= outer.x - e && inner.y >= outer.y - e && inner.x + inner.w <= outer.x + outer.w + e && inner.y + inner.h <= outer.y + outer.h + e;
}

/** Distance from a point to a box (0 inside it). */
export function distanceToBox(px: number, py: number, b: Box): number {
  const dx = Math.max(b.x - px, 0, px - (b.x + b.w));
  const dy = Math.max(b.y - py, 0, py - (b.y + b.h));
  return Math.hypot(dx, dy);
}

/** The point of a box nearest to (px, py). */
function nearestOnBox(px: number, py: number, b: Box): { x: number; y: number } {
  return { x: Math.min(Math.max(px, b.x), b.x + b.w), y: Math.min(Math.max(py, b.y), b.y + b.h) };
}

/** Does a segment cross (or touch) a box? Liang–Barsky clipping. */
export function segmentHitsBox(s: Segment, b: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const edges: [number, number][] = [
    [-dx, s.x1 - b.x],
    [dx, b.x + b.w - s.x1],
    [-dy, s.y1 - b.y],
    [dy, b.y + b.h - s.y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return t0 <= t1;
}

/** Do two segments cross? (Proper crossings; touching ends do not count.) */
export function segmentsCross(a: Segment, b: Segment): boolean {
  const side = (x1: number, y1: number, x2: number, y2: number, px: number, py: number) =>
    Math.sign((x2 - x1) * (py - y1) - (y2 - y1) * (px - x1));
  const d1 = side(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1);
  const d2 = side(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2);
  const d3 = side(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1);
  const d4 = side(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** The box a point marker covers, with a margin. */
export function pointBox(px: number, py: number, r: number): Box {
  return { x: px - r, y: py - r, w: 2 * r, h: 2 * r };
}

/** Place every label (see the top of the file). The result is in the order given. */
export function placeLabels(labels: LabelRequest[], options: PlaceOptions): PlacedLabel[] {
  const crowdRadius = options.crowdRadius ?? 40;
  const crowd = (l: LabelRequest) => labels.filter((o) => o !== l && Math.hypot(o.px - l.px, o.py - l.py) < crowdRadius).length;
  const index = labels.map((l, i) => ({ l, i, c: crowd(l) }));
  const by = (f: (a: (typeof index)[number], b: (typeof index)[number]) => number) => [...index].sort((a, b) => f(a, b) || a.i - b.i).map((e) => e.l);
  // Greedy placement depends on the order, so a few orders are tried and the cheapest layout
  // kept (the first of equals): the most crowded points first (their labels take the places next
  // to them, and the labels around them go outwards), the order given, and by position.
  const orders = [
    by((a, b) => b.c - a.c),
    labels,
    by((a, b) => a.l.px - b.l.px),
    by((a, b) => b.l.px - a.l.px),
    by((a, b) => a.l.py - b.l.py),
    by((a, b) => b.l.py - a.l.py),
  ];
  let best: { placed: PlacedLabel[]; cost: number; clean: boolean } | null = null;
  const grids = new Map<string, { box: Box; d: number }[]>();
  for (const order of orders) {
    const attempt = placeInOrder(order, labels, options, grids);
    if (!best || attempt.cost < best.cost - 1e-9) best = attempt;
    // Every label right next to its point, unambiguous: no order can do better.
    if (attempt.clean) break;
  }
  return labels.map((l) => best!.placed.find((p) => p.id === l.id)!);
}

/** One greedy pass in `order`, with the layout's cost: how far labels sit from their points,
 * leaders, relaxed rules, labels nearly as close to another point as to their own, overlaps. */
function placeInOrder(
  order: LabelRequest[],
  labels: LabelRequest[],
  options: PlaceOptions,
  grids: Map<string, { box: Box; d: number }[]>,
): { placed: PlacedLabel[]; cost: number; clean: boolean } {
  const { bounds, pointRadius: r } = options;
  const gap = options.gap ?? 3;
  const padding = options.padding ?? 2;
  const step = Math.max(1, options.step ?? 5);
  const leaderAfter = options.leaderAfter ?? r + gap + 6;
  const obstacles = options.obstacles ?? [];
  const points = labels.map((l) => ({ id: l.id, box: pointBox(l.px, l.py, r + 1) }));
  const placed: PlacedLabel[] = [];
  let cost = 0;
  let clean = true;

  /** The least relaxed rule set (0 strict … 4) under which `box` is a free place for `l`'s
   * label, with its leader; null when it is not free at all. */
  const level = (l: LabelRequest, box: Box): { relax: number; leader: Segment | null } | null => {
    if (!inside(box, bounds)) return null;
    if (placed.some((p) => overlaps(box, p.box, padding))) return null;
    if (points.some((p) => overlaps(box, p.box, 1))) return null;
    if (obstacles.some((o) => overlaps(box, o, padding))) return null;
    const around = { x: box.x - 1, y: box.y - 1, w: box.w + 2, h: box.h + 2 };
    if (placed.some((p) => p.leader && segmentHitsBox(p.leader, around))) return null;
    const d = distanceToBox(l.px, l.py, box);
    // Unambiguous: no other point hugs the label more closely than its own.
    const hug = Math.min(d - 1, r + gap + 4);
    let relax = labels.some((o) => o.id !== l.id && distanceToBox(o.px, o.py, box) < hug) ? 1 : 0;
    if (d <= leaderAfter) return { relax, leader: null };
    // A leader from the edge of the point to the label: it crosses no obstacle, and (strict)
    // no other point, leader or label.
    const end = nearestOnBox(l.px, l.py, box);
    const len = Math.hypot(end.x - l.px, end.y - l.py);
    const start = { x: l.px + ((end.x - l.px) / len) * (r + 1), y: l.py + ((end.y - l.py) / len) * (r + 1) };
    const leader = { x1: start.x, y1: start.y, x2: end.x, y2: end.y };
    if (obstacles.some((o) => segmentHitsBox(leader, o))) return null;
    if (placed.some((p) => segmentHitsBox(leader, p.box))) relax = 4;
    else if (placed.some((p) => p.leader && segmentsCross(leader, p.leader))) relax = Math.max(relax, 3);
    else if (points.some((p) => p.id !== l.id && segmentHitsBox(leader, p.box))) relax = Math.max(relax, 2);
    return { relax, leader };
  };

  for (const l of order) {
    const { w, h, px, py } = l;
    const side = r + gap;
    const diag = r * 0.5;
    const near: [number, number][] = [
      [px + side, py - h / 2], // right
      [px - side - w, py - h / 2], // left
      [px + diag, py - side - h], // above right
      [px + diag, py + side], // below right
      [px - diag - w, py - side - h], // above left
      [px - diag - w, py + side], // below left
      [px - w / 2, py - side - h], // above
      [px - w / 2, py + side], // below
    ];
    // Right and left, nudged up and down a step at a time (up to three label heights).
    for (let k = 1; k * step <= 3 * h; k++) {
      for (const dy of [-k * step, k * step]) {
        near.push([px + side, py - h / 2 + dy], [px - side - w, py - h / 2 + dy]);
      }
    }
    const anywhere = () => gridFor(l, bounds, step, grids);
    // The first free place under the strict rules; else, only when a crowd leaves no other way,
    // the first under which a label may hug another point more closely than its own, its
    // leader cross another point, another leader, another label.
    // A relaxed place is given up for a strict one only if that is not much further away.
    let chosen: PlacedLabel | null = null;
    let chosenRelax = Infinity;
    let chosenD = Infinity;
    const candidates = function* () {
      for (const [x, y] of near) yield { box: { x, y, w, h }, d: distanceToBox(px, py, { x, y, w, h }) };
      yield* anywhere();
    };
    for (const { box, d } of candidates()) {
      if (d > chosenD + 120) break;
      const f = level(l, box);
      if (f && f.relax < chosenRelax) {
        chosen = { id: l.id, box, leader: f.leader, overlaps: false };
        chosenRelax = f.relax;
        chosenD = d;
        if (chosenRelax === 0) break;
      }
    }
    if (chosen) cost += 200 * chosenRelax;
    if (!chosen) {
      const x = Math.min(Math.max(px + side, bounds.x), bounds.x + bounds.w - w);
      const y = Math.min(Math.max(py - h / 2, bounds.y), bounds.y + bounds.h - h);
      chosen = { id: l.id, box: { x, y, w, h }, leader: null, overlaps: true };
      cost += 10_000;
    }
    const d = distanceToBox(px, py, chosen.box);
    // A label nearly as close to another point as to its own reads as that point's.
    const rivals = labels.filter((o) => o.id !== l.id && distanceToBox(o.px, o.py, chosen.box) < d + 8).length;
    cost += d + (chosen.leader ? 25 : 0) + 15 * rivals;
    if (chosen.leader || chosenRelax > 0 || rivals > 0 || chosen.overlaps) clean = false;
    placed.push(chosen);
  }
  return { placed, cost, clean };
}

/** Every place for `l`'s label on a grid over the plot, nearest the point first (ties: right of
 * the point, then higher, then left to right); made once per label, when first needed. */
function gridFor(l: LabelRequest, bounds: Box, step: number, cache: Map<string, { box: Box; d: number }[]>) {
  const known = cache.get(l.id);
  if (known) return known;
  const all: { box: Box; d: number }[] = [];
  for (const y of gridSteps(bounds.y, bounds.y + bounds.h - l.h, step)) {
    for (const x of gridSteps(bounds.x, bounds.x + bounds.w - l.w, step)) {
      const box = { x, y, w: l.w, h: l.h };
      all.push({ box, d: distanceToBox(l.px, l.py, box) });
    }
  }
  all.sort((a, b) => a.d - b.d || Number(b.box.x >= l.px) - Number(a.box.x >= l.px) || a.box.y - b.box.y || a.box.x - b.box.x);
  cache.set(l.id, all);
  return all;
}

/** from, from + step, … up to `to`, and `to` itself (empty when to < from). */
function gridSteps(from: number, to: number, step: number): number[] {
  if (to < from) return [];
  const out: number[] = [];
  for (let v = from; v < to; v += step) out.push(v);
  out.push(to);
  return out;
}

/**
 * Slide a fixed box (a corner's name) by `dy` steps until it covers none of the `avoid`
 * boxes, staying inside `bounds`; it stays put when it is already clear or when no position is.
 */
export function slideClear(box: Box, avoid: Box[], dy: number, bounds: Box): Box {
  for (let b = box; inside(b, bounds); b = { ...b, y: b.y + dy }) {
    if (!avoid.some((a) => overlaps(b, a, 1))) return b;
  }
  return box;
}
