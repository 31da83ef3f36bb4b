'use client';

import Link from 'next/link';
import land from 'world-atlas/land-110m.json';

// Natural Earth land outline bundled with world-atlas (no tiles, no network), drawn as one SVG path
// in an equirectangular projection: x = longitude, y = -latitude, cropped to 84°N…58°S.
interface Topo {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: Array<Array<[number, number]>>;
  objects: { land: { geometries: Array<{ type: string; arcs: number[][] | number[][][] }> } };
}

const TOP = 84;
const BOTTOM = -58;

function landPath(topo: Topo): string {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  // Delta-decoded arcs in degrees.
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => ((x += dx), (y += dy), [x * sx + tx, y * sy + ty] as [number, number]));
  });
  const ring = (ids: number[]) => {
    const pts: Array<[number, number]> = [];
    for (const id of ids) {
      const a = id < 0 ? [...arcs[~id]!].reverse() : arcs[id]!;
      pts.push(...(pts.length ? a.slice(1) : a));
    }
    // Rings cut at the antimeridian (Chukotka, Fiji) would draw a line across the map: lift the pen there.
    let out = '';
    let wrapped = false;
    pts.forEach(([lon, lat], i) => {
      const jump = i > 0 && Math.abs(lon - pts[i - 1]![0]) > 180;
      wrapped ||= jump;
      out += (i === 0 || jump ? 'M' : 'L') + `${(lon + 180).toFixed(2)},${(TOP - lat).toFixed(2)}`;
    });
    return wrapped ? out : out + 'Z';
  };
  let d = '';
  for (const g of topo.objects.land.geometries) {
    const polys = (g.type === 'Polygon' ? [g.arcs] : g.arcs) as number[][][];
    for (const poly of polys) for (const r of poly) d += ring(r);
  }
  return d;
}

let cached: string | null = null;

export interface MapPoint {
  latitude: number;
  longitude: number;
  count: number;
  ips: number;
  city: string | null;
  country_code: string | null;
  href: string;
}

/** Source-IP geolocations as dots sized by event count; each dot links to its explorer query. */
export function WorldMap({ points }: { points: MapPoint[] }) {
  cached ??= landPath(land as unknown as Topo);
  const max = Math.max(1, ...points.map((p) => p.count));
  return (
    <svg
      viewBox={`0 0 360 ${TOP - BOTTOM}`}
      className="h-auto w-full"
      aria-label={`Map of ${points.length} source locations`}
    >
      <path d={cached} className="fill-panel-2 stroke-border" strokeWidth={0.3} />
      {points.slice(0, 500).map((p) => {
        const r = 1.2 + Math.sqrt(p.count / max) * 5;
        const place = [p.city, p.country_code].filter(Boolean).join(', ') || `${p.latitude}, ${p.longitude}`;
        return (
          <Link key={`${p.latitude},${p.longitude}`} href={p.href} aria-label={`${place}: ${p.count} events`}>
            <circle
              cx={p.longitude + 180}
              cy={TOP - p.latitude}
              r={r}
              className="fill-danger/60 stroke-danger hover:fill-danger"
              strokeWidth={0.3}
            >
              <title>{`${place} — ${p.count.toLocaleString()} events from ${p.ips} IPs`}</title>
            </circle>
          </Link>
        );
      })}
    </svg>
  );
}
