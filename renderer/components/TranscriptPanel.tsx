import { useMemo, useState, type ReactNode } from 'react';
import { plural, type Transcript } from '../../shared';
import { api } from '../bridge/api';
import { useDeskQuery } from '../state/use-desk-query';
import { Select } from '../ui/Select';

type Side = 'both' | 'customer' | 'agent';

/** Marks each occurrence of `q` (case-insensitive) in `text`. */
function highlight(text: string, q: string) {
  if (!q) return text;
  const parts: ReactNode[] = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, at)) {
    parts.push(text.slice(at, i), <mark key={i}>{text.slice(i, i + q.length)}</mark>);
    at = i + q.length;
  }
  parts.push(text.slice(at));
  return parts;
}

const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/**
 * What was said on the call a Second Chance Lead came from, fetched from the server when the
 * drawer opens: customer and agent turns told apart, searchable, one side at a time if wanted.
 */
export function TranscriptPanel({ leadId }: { leadId: string }) {
  // Asked once per lead; a transcript does not change once the call is over.
  const asked = useDeskQuery(() => api.getTranscript({ leadId }), { key: leadId, failure: 'The transcript could not be loaded.' });
  const problem = asked.error;
  const transcript: Transcript | null | undefined = asked.loading || problem ? undefined : asked.data;
  const [query, setQuery] = useState('');
  const [side, setSide] = useState<Side>('both');

  const q = query.trim().toLowerCase();
  // The turns of the side chosen, then those of them that match: the count reads what is shown.
  const sideTurns = useMemo(() => (transcript?.turns ?? []).filter((t) => side === 'both' || t.speaker === side), [transcript, side]);
  const turns = useMemo(() => sideTurns.filter((t) => !q || t.text.toLowerCase().includes(q)), [sideTurns, q]);
  const turn = side === 'both' ? 'turn' : `${side} turn`;
  const count = (n: number) => plural(n, turn, `${turn}s`);

  return (
    <section aria-label="Transcript">
      <h4>Transcript</h4>
      {problem && <p className="error" role="alert">{problem}</p>}
      {transcript === undefined && !problem && <p className="hint" role="status">Loading the transcript…</p>}
      {transcript === null && <p className="hint">This call was not transcribed.</p>}
      {transcript && (
        <>
          <div className="transcript-tools">
            <input type="search" aria-label="Search the transcript" placeholder="Search what was said" value={query} onChange={(e) => setQuery(e.target.value)} />
            <Select<Side>
              aria-label="Whose turns"
              value={side}
              onValueChange={setSide}
              options={[
                { value: 'both', label: 'Customer and agent' },
                { value: 'customer', label: 'Customer only' },
                { value: 'agent', label: 'Agent only' },
              ]}
            />
          </div>
          <p className="hint" role="status">
            {q ? `${turns.length.toLocaleString('en-US')} of ${count(sideTurns.length)} match “${query.trim()}”` : count(turns.length)}
          </p>
          <ol className="transcript">
            {turns.map((t, i) => (
              <li key={i} className={`turn ${t.speaker}`} data-speaker={t.speaker}>
                <span className="who">
                  {t.speaker === 'customer' ? 'Customer' : 'Agent'} <time>{clock(t.atSeconds)}</time>
                </span>
                <span className="said">{highlight(t.text, q)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
