import { Keyboard } from 'lucide-react';
import { useEffect, useState } from 'react';
import { statusActionLabel, statusKeys, type FollowUpKind } from '../../shared';
import { ModalDialog } from '../ui/Dialog';
import { typingInField } from './format';

type Row = [keys: string[], what: string];

const QUEUE_NAMES: Record<FollowUpKind, string> = { abandoned: 'Abandoned Calls', second_chance: 'Second Chance Leads' };

/**
 * The status digits, from the one table the drawer uses so this list cannot drift from it; a
 * digit that sets different statuses in the two queues says which is which.
 */
function digitRows(): Row[] {
  const byKey = new Map<string, Map<string, FollowUpKind[]>>();
  for (const kind of Object.keys(QUEUE_NAMES) as FollowUpKind[]) {
    for (const { key, status } of statusKeys(kind)) {
      const label = statusActionLabel(status);
      const labels = byKey.get(key) ?? new Map<string, FollowUpKind[]>();
      labels.set(label, [...(labels.get(label) ?? []), kind]);
      byKey.set(key, labels);
    }
  }
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, labels]) => [[key], [...labels].map(([label, kinds]) => (kinds.length > 1 ? label : `${label} (${QUEUE_NAMES[kinds[0]!]})`)).join('; ')]);
}

const SECTIONS: { title: string; rows: Row[] }[] = [
  {
    title: 'Lead lists',
    rows: [
      [['↓', 'j'], 'Next lead'],
      [['↑', 'k'], 'Previous lead'],
      [['Enter'], 'Open the highlighted lead'],
    ],
  },
  {
    title: 'An open lead',
    rows: [
      [['c'], 'Call the customer'],
      [['Shift', 'C'], 'Call anyway, outside callback hours'],
      ...digitRows(),
      [['n'], 'Write a note'],
      [['Esc'], 'Close the lead (first leaves the note being typed)'],
    ],
  },
  {
    title: 'Phone',
    rows: [
      [['a'], 'Answer the caller waiting longest'],
      [['m'], 'Mute or unmute'],
      [['h'], 'Hang up'],
      [['v'], 'After a callback: left a voicemail'],
      [['b'], 'After a callback: book a job'],
    ],
  },
  {
    title: 'Anywhere',
    rows: [
      [['?'], 'This list'],
      [['Esc'], 'Leave wall mode, close a prompt'],
    ],
  },
];

/**
 * Every single-key shortcut in one place: `?` (or the top bar's button) opens it. The keys work
 * only outside text fields and selects, which the list says once rather than on every row.
 */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || typingInField()) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button className="ghost icon-only" onClick={() => setOpen(true)} aria-label="Keyboard shortcuts" aria-keyshortcuts="?" title="Keyboard shortcuts (?)">
        <Keyboard className="icon" aria-hidden="true" />
      </button>
      {open && (
        <ModalDialog title="Keyboard shortcuts" onClose={() => setOpen(false)} testId="keyboard-help">
          <p className="hint">Single keys work when you are not typing in a field.</p>
          {SECTIONS.map((s) => (
            <section key={s.title} aria-label={s.title}>
              <h3>{s.title}</h3>
              <dl className="keys">
                {s.rows.map(([keys, what]) => (
                  <div key={`${keys.join('+')} ${what}`}>
                    <dt>
                      {keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && (k === 'j' || k === 'k' ? ' or ' : ' + ')}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
          <div className="actions">
            <button className="primary" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </ModalDialog>
      )}
    </>
  );
}
