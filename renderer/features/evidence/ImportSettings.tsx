/** Import settings applied to the selected files: format, the zone their times were written in, day/month order, phone region, device owner. */
import { FormatOptions, RegionOptions } from '../../components/ChoiceOptions';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectSelected, selectSettings } from '../../store/selectors';
import type { DateOrder } from '../../../shared/model';

export function ImportSettings() {
  const s = useStore(selectSettings);
  const selected = useStore(selectSelected);
  const n = selected.length;
  return (
    <section className="panel settings" aria-labelledby="settings-h">
      <h2 id="settings-h">Import settings</h2>
      <p className="muted small">Set what the examiner knows about a device, apply it to its files, check them, then import. Each file keeps its own settings.</p>
      <div className="form-grid">
        <label className="field">
          <span>Format</span>
          <select name="format" value={s.format} onChange={(e) => actions().setSettings({ format: e.target.value })}>
            <FormatOptions />
          </select>
        </label>
        <label className="field">
          <span>Time zone the device wrote times in</span>
          <input name="tz" list="all-zones" value={s.tz} spellCheck={false} onChange={(e) => actions().setSettings({ tz: e.target.value })} />
        </label>
        <label className="field">
          <span>Day/month order</span>
          <select name="dateOrder" value={s.dateOrder} onChange={(e) => actions().setSettings({ dateOrder: e.target.value as DateOrder | '' })}>
            <option value="">Decide from the file (ask if it cannot)</option>
            <option value="dmy">Day first (31/12/2025)</option>
            <option value="mdy">Month first (12/31/2025)</option>
            <option value="ymd">Year first (2025/12/31)</option>
          </select>
        </label>
        <label className="field">
          <span>Phone region</span>
          <select name="region" value={s.region} onChange={(e) => actions().setSettings({ region: e.target.value })}>
            <RegionOptions emptyLabel="(case default)" />
          </select>
        </label>
        <label className="field wide">
          <span>Device owner (phone number, @handle or e-mail as you know it)</span>
          <input name="owner" value={s.owner} spellCheck={false} onChange={(e) => actions().setSettings({ owner: e.target.value })} placeholder="+66812345678" />
        </label>
      </div>
      <div className="actions">
        <button onClick={() => actions().applySettings()} disabled={n === 0}>
          Apply to {n} selected
        </button>
        <button onClick={() => void actions().inspect(actions().selected)} disabled={n === 0}>
          Check {n} selected
        </button>
        <button className="primary" onClick={() => void actions().importSelected()} disabled={n === 0}>
          Import {n} selected
        </button>
      </div>
    </section>
  );
}
