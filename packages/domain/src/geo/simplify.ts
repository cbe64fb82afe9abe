export type Position = [number, number];
type Geometry =
  { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

/**
 * About a tenth of a kilometre: under one pixel for a whole city on a screen and about one for a
 * single county filling the map. The boundary files carry a point every few metres (Lishui's nine
 * counties: 54 000 points, 1.5 MB), which costs a second to send and to draw for nothing.
 */
export const MAP_TOLERANCE_DEGREES = 0.0012;

/** Squared distance from a point to the segment a–b, in squared degrees. */
function segmentDistance2([x, y]: Position, [ax, ay]: Position, [bx, by]: Position): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const along = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2));
  const px = ax + along * dx - x;
  const py = ay + along * dy - y;
  return px * px + py * py;
}

/** Douglas–Peucker on one ring: keeps the points that stray more than the tolerance from the line. */
export function simplifyRing(ring: Position[]): Position[] {
  if (ring.length <= 8) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  const tolerance2 = MAP_TOLERANCE_DEGREES * MAP_TOLERANCE_DEGREES;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let farthest = -1;
    let distance2 = tolerance2;
    for (let index = first + 1; index < last; index += 1) {
      const d2 = segmentDistance2(ring[index]!, ring[first]!, ring[last]!);
      if (d2 > distance2) {
        farthest = index;
        distance2 = d2;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  const kept = ring.filter((_, index) => keep[index] === 1);
  // A ring closes on its first point, so the line from it to itself keeps the rest only through
  // the farthest point; a tiny island that collapses keeps its original points.
  return kept.length >= 4 ? kept : ring;
}

/** A GeoJSON Polygon or MultiPolygon with lighter rings; any other geometry unchanged. */
export function simplifyGeometry(geometry: unknown): unknown {
  const shape = geometry as Geometry | null;
  if (shape?.type === 'Polygon') return { ...shape, coordinates: shape.coordinates.map(simplifyRing) };
  if (shape?.type === 'MultiPolygon') {
    return { ...shape, coordinates: shape.coordinates.map((polygon) => polygon.map(simplifyRing)) };
  }
  return geometry;
}
