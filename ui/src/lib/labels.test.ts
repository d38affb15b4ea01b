import { describe, expect, it } from 'vitest';
import {
  distanceToBox, inside, overlaps, placeLabels, pointBox, segmentHitsBox, slideClear, type Box, type LabelRequest,
} from './labels';

const bounds: Box = { x: 60, y: 20, w: 560, h: 380 };
const R = 6;

/** 13 items clustered as key drivers usually are: most within 40 px of each other. */
function dense(): LabelRequest[] {
  const names = [
    'listened', 'resolved first time', 'kind', 'respect', 'felt understood', 'time for me', 'forms easy',
    'understood situation', 'cost fair', 'rules clear', 'days waited', 'kept informed', 'same person',
  ];
  // A fixed pseudo-random cluster (deterministic: no Math.random).
  let seed = 7;
  const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return names.map((name, i) => ({
    id: name,
    px: 330 + (next() - 0.5) * 40 + (i === 0 ? 120 : 0),
    py: 200 + (next() - 0.5) * 40,
    w: name.length * 7.5 + 4,
    h: 16,
  }));
}

function check(labels: LabelRequest[], obstacles: Box[] = [], { leadersClear = true } = {}) {
  const placed = placeLabels(labels, { bounds, pointRadius: R, obstacles });
  expect(placed.map((p) => p.id)).toEqual(labels.map((l) => l.id));
  for (const p of placed) {
    expect(p.overlaps, `${p.id} found no room`).toBe(false);
    expect(inside(p.box, bounds), `${p.id} inside the plot`).toBe(true);
    expect(p.box.w).toBe(labels.find((l) => l.id === p.id)!.w);
  }
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      expect(overlaps(placed[i].box, placed[j].box), `${placed[i].id} overlaps ${placed[j].id}`).toBe(false);
    }
    for (const l of labels) {
      expect(overlaps(placed[i].box, pointBox(l.px, l.py, R)), `${placed[i].id} covers the point of ${l.id}`).toBe(false);
    }
    for (const o of obstacles) expect(overlaps(placed[i].box, o), `${placed[i].id} covers an obstacle`).toBe(false);
    const leader = placed[i].leader;
    if (leader && leadersClear) {
      for (let j = 0; j < placed.length; j++) {
        if (j !== i) expect(segmentHitsBox(leader, placed[j].box), `${placed[i].id}'s leader crosses ${placed[j].id}`).toBe(false);
      }
    }
  }
  return placed;
}

describe('label placement', () => {
  it('puts a lone label just right of its point, with no leader', () => {
    const [p] = placeLabels([{ id: 'a', px: 100, py: 100, w: 50, h: 16 }], { bounds, pointRadius: R });
    expect(p.box).toEqual({ x: 100 + R + 3, y: 92, w: 50, h: 16 });
    expect(p.leader).toBeNull();
  });

  it('goes left of a point at the right edge of the plot', () => {
    const [p] = placeLabels([{ id: 'a', px: 615, py: 100, w: 50, h: 16 }], { bounds, pointRadius: R });
    expect(p.box.x + p.box.w).toBeLessThanOrEqual(615 - R);
    expect(inside(p.box, bounds)).toBe(true);
  });

  it('keeps 13 clustered labels apart, off every point and inside the plot', () => {
    const labels = dense();
    const placed = check(labels);
    // Crowded: some labels had to move away from their points and got a leader line.
    expect(placed.some((p) => p.leader !== null)).toBe(true);
    // Each label is still near its point (the nearest free room first).
    for (const p of placed) {
      const l = labels.find((x) => x.id === p.id)!;
      expect(distanceToBox(l.px, l.py, p.box)).toBeLessThan(150);
    }
  });

  it('keeps 13 labels apart when the points sit on top of each other', () => {
    const labels = dense().map((l, i) => ({ ...l, px: 340 + (i % 3), py: 210 + (i % 2) }));
    // Walled in by the first labels, the last leaders may have to cross a label.
    check(labels, [], { leadersClear: false });
  });

  it('keeps clear of fixed obstacles such as the quadrant names', () => {
    const obstacles: Box[] = [
      { x: 60, y: 20, w: 170, h: 18 }, { x: 450, y: 20, w: 170, h: 18 },
      { x: 60, y: 382, w: 120, h: 18 }, { x: 420, y: 382, w: 200, h: 18 },
    ];
    // Points right under the names, and the dense cluster.
    const corner = [
      { id: 'top left', px: 70, py: 30, w: 60, h: 16 },
      { id: 'bottom right', px: 610, py: 392, w: 90, h: 16 },
    ];
    check([...corner, ...dense()], obstacles);
  });

  it('is deterministic', () => {
    expect(placeLabels(dense(), { bounds, pointRadius: R })).toEqual(placeLabels(dense(), { bounds, pointRadius: R }));
  });

  it('says when there is no room at all', () => {
    const tiny: Box = { x: 0, y: 0, w: 80, h: 40 };
    const placed = placeLabels(dense().slice(0, 5).map((l) => ({ ...l, px: 40, py: 20 })), { bounds: tiny, pointRadius: R });
    expect(placed.some((p) => p.overlaps)).toBe(true);
    for (const p of placed) expect(inside(p.box, tiny) || p.box.w > tiny.w).toBe(true);
  });
});

describe('geometry', () => {
  it('tests boxes and segments', () => {
    const a = { x: 0, y: 0, w: 10, h: 10 };
    expect(overlaps(a, { x: 10, y: 0, w: 5, h: 5 })).toBe(false);
    expect(overlaps(a, { x: 11, y: 0, w: 5, h: 5 }, 2)).toBe(true);
    expect(segmentHitsBox({ x1: -5, y1: 5, x2: 15, y2: 5 }, a)).toBe(true);
    expect(segmentHitsBox({ x1: -5, y1: -5, x2: -1, y2: 20 }, a)).toBe(false);
    expect(distanceToBox(13, 14, a)).toBe(5);
  });

  it('slides a corner name off the points under it', () => {
    const name = { x: 0, y: 0, w: 100, h: 20 };
    const moved = slideClear(name, [pointBox(50, 10, 6)], 4, { x: 0, y: 0, w: 200, h: 200 });
    expect(moved.y).toBeGreaterThanOrEqual(17);
    expect(slideClear(name, [], 4, { x: 0, y: 0, w: 200, h: 200 })).toEqual(name);
  });
});
