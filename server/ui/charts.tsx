/** Server-rendered SVG charts (no client library): a line for a series over time, bars for categories. Each
 * chart carries a text alternative and its figures as a visually hidden table. */

export interface Point {
  label: string;
  value: number;
}

const W = 480;
const H = 200;
const PAD = { l: 64, r: 24, t: 20, b: 28 };

const compact = (n: number) =>
  new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(n);

function scale(values: number[]) {
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  const span = max - min || 1;
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - (v - min) / span);
  return { min, max, y };
}

function DataTable({ caption, points, unit }: { caption: string; points: Point[]; unit: string }) {
  return (
    <table class="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col">{unit}</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr>
            <td>{p.label}</td>
            <td>{p.value.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LineChart({ title, points, unit }: { title: string; points: Point[]; unit: string }) {
  if (points.length === 0) return <p class="muted">No data for {title.toLowerCase()} yet.</p>;
  const { min, max, y } = scale(points.map((p) => p.value));
  const step = points.length > 1 ? (W - PAD.l - PAD.r) / (points.length - 1) : 0;
  const x = (i: number) => PAD.l + i * step;
  const d = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(" ");
  const every = Math.max(1, Math.ceil(points.length / 6));
  const id = `chart-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <figure>
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={id} width="100%">
        <title>{title}</title>
        <line class="axis" x1={PAD.l} x2={W - PAD.r} y1={y(0)} y2={y(0)} />
        <text x={PAD.l - 6} y={y(max) + 4} text-anchor="end">
          {compact(max)}
        </text>
        <text x={PAD.l - 6} y={y(min) + 4} text-anchor="end">
          {compact(min)}
        </text>
        <path class="line" d={d} />
        {points.map((p, i) =>
          (points.length - 1 - i) % every === 0 ? (
            <text x={x(i)} y={H - 8} text-anchor="middle">
              {p.label}
            </text>
          ) : null,
        )}
      </svg>
      <DataTable caption={title} points={points} unit={unit} />
    </figure>
  );
}

export function BarChart({ title, points, unit }: { title: string; points: Point[]; unit: string }) {
  if (points.length === 0) return <p class="muted">No data for {title.toLowerCase()} yet.</p>;
  const { y } = scale(points.map((p) => p.value));
  const slot = (W - PAD.l - PAD.r) / points.length;
  const bw = Math.max(4, slot * 0.7);
  const id = `chart-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <figure>
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={id} width="100%">
        <title>{title}</title>
        <line class="axis" x1={PAD.l} x2={W - PAD.r} y1={y(0)} y2={y(0)} />
        {points.map((p, i) => {
          const x = PAD.l + i * slot + (slot - bw) / 2;
          const top = Math.min(y(p.value), y(0));
          return (
            <>
              <rect class="bar" x={x} y={top} width={bw} height={Math.max(1, Math.abs(y(0) - y(p.value)))}>
                <title>{`${p.label}: ${p.value.toFixed(2)} ${unit}`}</title>
              </rect>
              <text x={x + bw / 2} y={top - 3} text-anchor="middle">
                {compact(p.value)}
              </text>
              <text x={x + bw / 2} y={H - 8} text-anchor="middle">
                {p.label.length > 12 ? `${p.label.slice(0, 11)}…` : p.label}
              </text>
            </>
          );
        })}
      </svg>
      <DataTable caption={title} points={points} unit={unit} />
    </figure>
  );
}
