/**
 * Spreadsheet column mapping: the role the importer proposed for each column (and why), editable per column.
 * Changes are passed to the import as `Sheet!C = role` and recorded with the evidence item.
 */
import type { MappingColumn } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectInfo } from '../../store/selectors';

export function mappingKey(c: MappingColumn): string {
  return c.sheet ? `${c.sheet}!${c.column}` : c.column;
}

export function MappingEditor({ sourceId, columns, mapping }: { sourceId: string; columns: MappingColumn[]; mapping: [string, string][] }) {
  const info = useStore(selectInfo);
  const chosen = new Map(mapping);
  return (
    <div className="mapping">
      <table className="grid compact">
        <caption>Column mapping (proposed by the importer; change a role to override it)</caption>
        <thead>
          <tr>
            <th>Sheet</th>
            <th>Col</th>
            <th>Header</th>
            <th>Role</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const key = mappingKey(c);
            const override = chosen.get(key);
            return (
              <tr key={key} className={override ? 'overridden' : undefined}>
                <td>
                  <VisibleText text={c.sheet} oneLine />
                </td>
                <td className="mono">{c.column}</td>
                <td>
                  <VisibleText text={c.group ? `${c.group} / ${c.header}` : c.header} oneLine />
                </td>
                <td>
                  <input
                    className="role"
                    list="column-roles"
                    aria-label={`Role of column ${c.column}`}
                    defaultValue={override ?? c.role}
                    spellCheck={false}
                    onBlur={(e) => {
                      const v = e.target.value.trim();
                      actions().setMapping(sourceId, key, v && v !== c.role ? v : null);
                    }}
                  />
                </td>
                <td className="muted small">
                  {c.source}: <VisibleText text={c.because} oneLine />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <datalist id="column-roles">
        {(info?.roles ?? []).map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <p className="muted small">Roles may carry a party prefix (victim.phone, from.wallet); "ignore" drops a column. The mapping used is recorded with the evidence item.</p>
    </div>
  );
}
