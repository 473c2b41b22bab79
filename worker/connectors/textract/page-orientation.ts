/**
 * Geometry read in the page's own orientation. Textract gives positions in the scanned image's frame, so on a
 * page scanned sideways, upside down or a few degrees askew, "left to right" and "top to bottom" in image
 * coordinates are not the reading order. A word's polygon starts at its top-left corner as read and runs along
 * its top edge, so the words' mean direction is the page's reading direction; turning every box back by that
 * angle (about the page's centre) puts the page upright again.
 */

export interface Point { X?: number; Y?: number }
export interface Geometry {
  BoundingBox?: { Left?: number; Top?: number; Width?: number; Height?: number };
  Polygon?: Point[];
}
interface Placed { BlockType?: string; Page?: number; Geometry?: Geometry }

/** A box in the upright page's frame. */
export interface UprightBox { left: number; top: number; height: number }

export class PageOrientation {
  /** Per page, the angle (radians) that turns the page upright. */
  private readonly turnBack = new Map<number, number>();

  constructor(blocks: Placed[]) {
    const sums = new Map<number, { x: number; y: number }>();
    for (const b of blocks) {
      const [p0, p1] = b.BlockType === 'WORD' ? b.Geometry?.Polygon ?? [] : [];
      if (!finite(p0) || !finite(p1)) continue;
      const dx = p1.X - p0.X, dy = p1.Y - p0.Y;
      const length = Math.hypot(dx, dy);
      if (length === 0) continue;
      const sum = sums.get(b.Page ?? 1) ?? { x: 0, y: 0 };
      sum.x += dx / length;
      sum.y += dy / length;
      sums.set(b.Page ?? 1, sum);
    }
    for (const [page, { x, y }] of sums) if (x !== 0 || y !== 0) this.turnBack.set(page, -Math.atan2(y, x));
  }

  /** The block's box as the page reads upright (its image box when the answer has no polygons). */
  box(block: Placed): UprightBox {
    const angle = this.turnBack.get(block.Page ?? 1) ?? 0;
    const bb = block.Geometry?.BoundingBox ?? {};
    const [left, top, width, height] = [bb.Left ?? 0, bb.Top ?? 0, bb.Width ?? 0, bb.Height ?? 0];
    if (angle === 0) return { left, top, height };
    const polygon = block.Geometry?.Polygon?.filter(finite);
    const corners = polygon && polygon.length >= 3 ? polygon
      : [{ X: left, Y: top }, { X: left + width, Y: top }, { X: left + width, Y: top + height }, { X: left, Y: top + height }];
    const cos = Math.cos(angle), sin = Math.sin(angle);
    const turned = corners.map((p) => ({
      x: 0.5 + (p.X - 0.5) * cos - (p.Y - 0.5) * sin,
      y: 0.5 + (p.X - 0.5) * sin + (p.Y - 0.5) * cos,
    }));
    const ys = turned.map((p) => p.y);
    return { left: Math.min(...turned.map((p) => p.x)), top: Math.min(...ys), height: Math.max(...ys) - Math.min(...ys) };
  }
}

const finite = (p: Point | undefined): p is { X: number; Y: number } => Number.isFinite(p?.X) && Number.isFinite(p?.Y);
