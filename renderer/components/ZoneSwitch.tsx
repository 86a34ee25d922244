/** The display-zone switch, always in the top bar: every time on screen is shown in (and labelled with) this zone. */
import { useEffect, useState } from 'react';
import { useStore } from '../store';
import { actions } from '../store/actions';
import { selectDisplayTz, selectInfo, selectSummary } from '../store/selectors';
import { formatOffset, isValidZone, offsetMinutes } from '../lib/zone';

export function ZoneSwitch() {
  const tz = useStore(selectDisplayTz);
  const summary = useStore(selectSummary);
  const info = useStore(selectInfo);
  const [text, setText] = useState(tz);
  useEffect(() => setText(tz), [tz]);
  const quick = [...new Set(['UTC', ...(summary ? [summary.tz, ...summary.evidenceZones] : [])])];
  const apply = (z: string) => {
    if (isValidZone(z)) actions().setDisplayTz(z);
    else setText(tz);
  };
  return (
    <div className="zone-switch" title="Display time zone: every time is shown in this zone with its UTC offset (stored as UTC)">
      <label htmlFor="display-tz">Times in</label>
      <select id="display-tz-quick" aria-label="Quick zone" value={quick.includes(tz) ? tz : ''} onChange={(e) => e.target.value && apply(e.target.value)}>
        {quick.includes(tz) ? null : <option value="">other…</option>}
        {quick.map((z) => (
          <option key={z} value={z}>
            {z}
            {summary && z === summary.tz ? ' (case)' : ''}
          </option>
        ))}
      </select>
      <input
        id="display-tz"
        list="all-zones"
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => apply(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply(text);
        }}
      />
      <span className="zone-offset">UTC{formatOffset(offsetMinutes(Date.now(), tz))}</span>
      <datalist id="all-zones">
        {(info?.zones ?? []).map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </div>
  );
}
