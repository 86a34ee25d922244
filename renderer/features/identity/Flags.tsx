/** Badges for look-alike and invisible characters in a name or identifier (the engine's flags), so they are never missed. */
const LABELS: Record<string, { label: string; title: string }> = {
  confusable: { label: 'confusable', title: 'Holds a letter from another script that looks like a Latin one (e.g. Cyrillic а for a): possibly an impersonation.' },
  'mixed-script': { label: 'mixed script', title: 'Mixes Latin letters with Cyrillic or Greek ones.' },
  'invisible-chars': { label: 'invisible chars', title: 'Holds zero-width or direction-changing characters (shown as ⟨…⟩ badges in the text).' },
};

/** Only the look-alike flags; other engine flags (invalid-phone …) are shown where the identifier is. */
export function LookalikeBadges({ flags }: { flags: readonly string[] }) {
  const shown = flags.filter((f) => f in LABELS);
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((f) => (
        <span key={f} className="idw-flag" data-flag={f} title={LABELS[f]!.title}>
          {LABELS[f]!.label}
        </span>
      ))}
    </>
  );
}

export function OtherFlags({ flags }: { flags: readonly string[] }) {
  const shown = flags.filter((f) => !(f in LABELS));
  if (shown.length === 0) return null;
  return <span className="muted small"> [{shown.join(', ')}]</span>;
}
