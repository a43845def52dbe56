import type { LegendPayload } from 'recharts';

/**
 * The legend under a chart: a colour swatch and the series' (translated) name. Used instead
 * of recharts' own, whose icons carry a fixed English label ("… legend icon") that screen
 * readers would read out in a Chinese page.
 */
export function ChartLegend({ payload }: { payload?: readonly LegendPayload[] }) {
  return (
    <ul className="flex flex-wrap justify-center gap-x-4 gap-y-1 pt-2 text-xs text-slate-700">
      {(payload ?? []).map((entry) => (
        <li key={String(entry.value)} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: entry.color }} />
          {entry.value}
        </li>
      ))}
    </ul>
  );
}
