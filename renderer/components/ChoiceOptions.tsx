/** The option lists of the format and phone-region pickers (case form, import settings, a failed import's retry), from what main offers. */
import { selectInfo } from '../store/selectors';
import { useStore } from '../store';

/** "Detect from content" then every importer main has, by label. */
export function FormatOptions() {
  const info = useStore(selectInfo);
  return (
    <>
      <option value="auto">Detect from content</option>
      {(info?.formats ?? []).map((f) => (
        <option key={f.id} value={f.id}>
          {f.label}
        </option>
      ))}
    </>
  );
}

/** An empty choice (labelled by the caller: what "no region" means there) then every region main knows. */
export function RegionOptions({ emptyLabel }: { emptyLabel: string }) {
  const info = useStore(selectInfo);
  return (
    <>
      <option value="">{emptyLabel}</option>
      {(info?.regions ?? []).map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </>
  );
}
