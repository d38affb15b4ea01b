// One shape per block, so colour is never the only cue: circle, square, triangle.
import type { BlockRole } from './api';

export function markerPath(role: BlockRole | null, cx: number, cy: number, r: number): string {
  switch (role) {
    case 'transactional':
      return `M${cx - r},${cy - r}h${2 * r}v${2 * r}h${-2 * r}z`;
    case 'control':
      return `M${cx},${cy - r * 1.2}L${cx + r * 1.15},${cy + r * 0.9}H${cx - r * 1.15}z`;
    default:
      return `M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
}
