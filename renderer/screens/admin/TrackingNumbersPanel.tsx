import { useState } from 'react';
import {
  formatPhone,
  normalizePhone,
  numberSearchSchema,
  trackingNumberInputSchema,
  type AvailableNumber,
  type Routing,
  type TrackingNumberView,
} from '../../../shared';
import { api } from '../../bridge/api';
import { useAdminData } from './use-admin-data';
import { useDesk } from '../../state/store';
import { Field } from '../../ui/Field';
import { Select } from '../../ui/Select';
import { useFieldErrors } from '../../ui/use-field-errors';

const NUMBER_FIELDS = ['accountId', 'type', 'campaignId', 'workflowId', 'employeeId', 'forwardingE164'] as const;

/** Phone settings: the account's numbers with their warnings, and buying new ones. */
export function TrackingNumbersPanel() {
  const [choice, setChoice] = useState<AvailableNumber | null>(null);
  const [editing, setEditing] = useState<TrackingNumberView | null>(null);
  const { data, reload, placeholder } = useAdminData(() => Promise.all([api.trackingNumbers({}), api.routing({})]), 'numbers');
  if (!data) return placeholder;
  const [numbers, routing] = data;
  const nameOf = (list: { id: string; name: string }[], id: string | null) => list.find((x) => x.id === id)?.name ?? '—';
  return (
    <div className="admin-stack">
      <section aria-label="Numbers">
        <h3>Numbers</h3>
        <table>
          <thead>
            <tr>
              <th>Number</th>
              <th>Account</th>
              <th>Type</th>
              <th>Campaign</th>
              <th>Routing</th>
              <th>Forwarding</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {numbers.map((n) => (
              <tr key={n.e164} data-testid="number-row" aria-label={`Number ${formatPhone(n.e164)}`}>
                <td className="nowrap">{formatPhone(n.e164)}</td>
                <td>{nameOf(routing.accounts, n.accountId)}</td>
                <td>{n.type === 'tracking' ? 'Tracking Number' : n.type === 'direct' ? 'Direct Dial' : 'Unassigned'}</td>
                <td>{nameOf(routing.campaigns, n.campaignId)}</td>
                <td>
                  {nameOf(routing.workflows, n.workflowId)}
                  {n.warning && (
                    <div className="warning" role="note">
                      {n.warning}
                    </div>
                  )}
                </td>
                <td className="nowrap">{n.forwardingE164 ? formatPhone(n.forwardingE164) : '—'}</td>
                <td>
                  <button onClick={() => setEditing(n)} aria-label={`Edit ${formatPhone(n.e164)}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing && (
          <NumberForm key={editing.e164} e164={editing.e164} initial={editing} routing={routing} onCancel={() => setEditing(null)} onDone={() => { setEditing(null); void reload(); }} />
        )}
      </section>
      <section aria-label="Buy a number">
        <h3>Buy a number</h3>
        <ul className="notes" aria-label="Before you buy">
          <li>Complete the Register to Enable Text Messaging form before requesting a number: without it numbers are not verified and texts fail.</li>
          <li>Search by area code first: carrier restrictions may make a ZIP code search return nothing.</li>
          <li>A new number is usable the next day. Assign it to an active routing workflow before a campaign goes out, or its calls are disconnected.</li>
        </ul>
        <NumberSearchForm onChoose={setChoice} />
        {choice && <NumberForm key={choice.e164} e164={choice.e164} initial={null} routing={routing} onCancel={() => setChoice(null)} onDone={() => { setChoice(null); void reload(); }} />}
      </section>
    </div>
  );
}

function NumberSearchForm({ onChoose }: { onChoose(n: AvailableNumber): void }) {
  const [kind, setKind] = useState<'local' | 'toll_free'>('local');
  const [area, setArea] = useState('');
  const [zip, setZip] = useState('');
  const [contains, setContains] = useState('');
  const [found, setFound] = useState<AvailableNumber[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = useFieldErrors(['areaCode', 'zip', 'contains']);

  async function search(after?: string) {
    const q = numberSearchSchema.safeParse({ kind, ...(area ? { areaCode: area } : {}), ...(zip ? { zip } : {}), ...(contains ? { contains } : {}), ...(after ? { after } : {}) });
    // A new search never shows the previous one's numbers under its answer.
    if (!after) {
      setFound([]);
      setNext(null);
    }
    if (!q.success) return errors.invalid(q.error);
    errors.clear();
    setBusy(true);
    try {
      const r = await api.searchNumbers(q.data);
      setFound(after ? [...found, ...r.numbers] : r.numbers);
      setNext(r.next);
    } catch (err) {
      errors.refused(err, 'The search failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <form ref={errors.scope} className="inline" aria-label="Search numbers" onSubmit={(e) => { e.preventDefault(); void search(); }}>
        <Select<typeof kind>
          aria-label="Number kind"
          value={kind}
          onValueChange={setKind}
          options={[
            { value: 'local', label: 'Local' },
            { value: 'toll_free', label: 'Toll-free' },
          ]}
        />
        {kind === 'local' && (
          <>
            <Field label={<span className="sr-only">Area code</span>} error={errors.of('areaCode')}>
              <input placeholder="Area code" value={area} onChange={(e) => setArea(e.target.value)} size={5} />
            </Field>
            <Field label={<span className="sr-only">ZIP code</span>} error={errors.of('zip')}>
              <input placeholder="ZIP" value={zip} onChange={(e) => setZip(e.target.value)} size={6} />
            </Field>
          </>
        )}
        <Field label={<span className="sr-only">Contains digits</span>} error={errors.of('contains')}>
          <input placeholder="Contains" value={contains} onChange={(e) => setContains(e.target.value)} size={8} />
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Searching…' : 'Search'}
        </button>
      </form>
      {errors.problem && <p className="error" role="alert">{errors.problem}</p>}
      <ul className="plain" aria-label="Available numbers">
        {found.map((n) => (
          <li key={n.e164}>
            <button className="linkish" onClick={() => onChoose(n)}>
              {formatPhone(n.e164)}
            </button>{' '}
            <span className="hint">{n.tollFree ? 'Toll-free' : [n.locality, n.region].filter(Boolean).join(', ')}</span>
          </li>
        ))}
      </ul>
      {next && (
        <button onClick={() => void search(next)} disabled={busy}>
          Load More
        </button>
      )}
    </div>
  );
}

/** Buying a number (initial null) or changing one already bought, which stays in its account. */
function NumberForm({ e164, initial, routing, onDone, onCancel }: { e164: string; initial: TrackingNumberView | null; routing: Routing; onDone(): void; onCancel(): void }) {
  const toast = useDesk((s) => s.toast);
  const [accountId, setAccountId] = useState(initial?.accountId ?? routing.accounts[0]?.id ?? '');
  const [type, setType] = useState<'tracking' | 'unassigned' | 'direct'>(initial?.type ?? 'tracking');
  const [employeeId, setEmployeeId] = useState(initial?.employeeId ?? '');
  const [campaignId, setCampaignId] = useState(initial?.campaignId ?? '');
  const [workflowId, setWorkflowId] = useState(initial?.workflowId ?? '');
  const [forwarding, setForwarding] = useState(initial?.forwardingE164 ? formatPhone(initial.forwardingE164) : '');
  const [texts, setTexts] = useState(initial?.receiveTexts ?? false);
  const [busy, setBusy] = useState(false);
  const errors = useFieldErrors(NUMBER_FIELDS);
  const workflows = routing.workflows.filter((w) => w.accountId === accountId);
  const chosenWorkflow = workflows.find((w) => w.id === workflowId);

  async function save() {
    // The forwarding number is typed as people write it; the request carries it as E.164.
    const forwardTo = forwarding.trim() ? normalizePhone(forwarding) : null;
    if (forwardTo && !forwardTo.ok) return errors.set('forwardingE164', `Forwarding number: ${forwardTo.error}`);
    const parsed = trackingNumberInputSchema.safeParse({
      e164, accountId, type, campaignId: campaignId || null, workflowId: type === 'tracking' ? workflowId || null : null,
      employeeId: type === 'direct' ? employeeId || null : null, forwardingE164: forwardTo?.ok ? forwardTo.phone.e164 : null, receiveTexts: texts,
    });
    if (!parsed.success) return errors.invalid(parsed.error);
    setBusy(true);
    try {
      const saved = initial ? await api.editTrackingNumber(parsed.data) : await api.saveTrackingNumber(parsed.data);
      toast({ id: crypto.randomUUID(), kind: 'info', title: `${initial ? 'Saved' : 'Bought'} ${formatPhone(saved.e164)}. ${saved.warning ?? ''}`.trim() });
      onDone();
    } catch (err) {
      errors.refused(err, initial ? 'Saving failed.' : 'Buying failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={errors.scope} className="admin-card" aria-label={initial ? `Edit ${formatPhone(e164)}` : `Buy ${formatPhone(e164)}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <strong>{formatPhone(e164)}</strong>
      <Field label="Account" error={errors.of('accountId')} hint={initial ? 'A number stays with the account that bought it.' : undefined}>
        <Select value={accountId} disabled={initial !== null} onValueChange={setAccountId} options={routing.accounts.map((a) => ({ value: a.id, label: a.name }))} />
      </Field>
      <Field label="Type" error={errors.of('type')}>
        <Select<typeof type>
          value={type}
          onValueChange={setType}
          options={[
            { value: 'tracking', label: 'Tracking Number (routing workflow)' },
            { value: 'unassigned', label: 'Unassigned' },
            { value: 'direct', label: 'Direct Dial to an employee' },
          ]}
        />
      </Field>
      <Field label="Campaign" error={errors.of('campaignId')}>
        <Select
          value={campaignId}
          onValueChange={setCampaignId}
          options={[
            { value: '', label: 'None' },
            ...routing.campaigns.filter((c) => c.accountId === accountId && (!c.retired || c.id === initial?.campaignId)).map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
      </Field>
      {type === 'tracking' && (
        <Field label="Routing workflow" error={errors.of('workflowId')}>
          <Select value={workflowId} onValueChange={setWorkflowId} options={workflows.map((w) => ({ value: w.id, label: `${w.name}${w.active ? '' : ' (not active)'}` }))} placeholder="Choose…" />
        </Field>
      )}
      {type === 'direct' && (
        <Field label="Employee" error={errors.of('employeeId')}>
          <Select value={employeeId} onValueChange={setEmployeeId} options={routing.employees.filter((e) => e.accountId === accountId).map((e) => ({ value: e.id, label: e.name }))} placeholder="Choose…" />
        </Field>
      )}
      {(type === 'unassigned' || (chosenWorkflow && !chosenWorkflow.active)) && (
        <p className="warning">Calls to this number will be disconnected until it is assigned to an active routing workflow.</p>
      )}
      <Field label="Forwarding number" hint="Call continuity: where callers go when nobody can take them. Optional." error={errors.of('forwardingE164')}>
        <input type="tel" value={forwarding} onChange={(e) => setForwarding(e.target.value)} placeholder="(312) 555-0100" />
      </Field>
      <label className="check">
        <input type="checkbox" checked={texts} onChange={(e) => setTexts(e.target.checked)} /> Receive texts
      </label>
      {!initial && <p className="hint">Numbers become usable the day after they are bought.</p>}
      {errors.problem && <p className="error" role="alert">{errors.problem}</p>}
      <div className="actions">
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : initial ? 'Save number' : 'Buy number'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
