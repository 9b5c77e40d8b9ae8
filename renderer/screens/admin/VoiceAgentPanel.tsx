import { useEffect, useId, useState } from 'react';
import {
  AI_DISCLOSURE_LINE,
  ApiError,
  dispatchFeeText,
  openingAsHeard,
  renderTemplate,
  templateValues,
  VOICE_AGENT_SKILL_HINTS,
  VOICE_AGENT_SKILL_LABELS,
  VOICE_AGENT_SKILLS,
  VOICE_AGENT_LEGAL_NOTICE,
  voiceAgentSettingsSchema,
  type JobType,
  type VoiceAgentSettings,
} from '../../../shared';
import { api } from '../../bridge/api';
import { useAdminData } from './use-admin-data';
import { VoiceAgentUsage } from './VoiceAgentUsage';
import { useDesk } from '../../state/store';
import { Field } from '../../ui/Field';
import { Select } from '../../ui/Select';
import { useFieldErrors } from '../../ui/use-field-errors';

const SETTINGS_FIELDS = [
  'persona.agentName',
  'persona.businessName',
  'transcript.opening',
  'transcript.closing',
  'dispatchFee.noSpecifiedFee',
  'dispatchFee.freeService',
  'dispatchFee.specificAmount',
] as const;

/** The Voice Agent at Global level and per account, with live previews of what callers hear. */
export function VoiceAgentPanel() {
  const [scope, setScope] = useState<string>('global');
  const { data, reload, placeholder } = useAdminData(() => api.voiceAgentSettings({}), 'Voice Agent settings');
  if (!data) return placeholder;
  const account = data.accounts.find((a) => a.accountId === scope);
  return (
    <div>
      <p className="warning" role="note" aria-label="Legal notice">
        {VOICE_AGENT_LEGAL_NOTICE}
      </p>
      <div className="tabs" role="tablist" aria-label="Voice Agent level">
        <button role="tab" aria-selected={scope === 'global'} onClick={() => setScope('global')}>
          Global
        </button>
        {data.accounts.map((a) => (
          <button key={a.accountId} role="tab" aria-selected={scope === a.accountId} onClick={() => setScope(a.accountId)}>
            {a.accountName} · {a.custom ? 'Custom' : 'Follows Global'}
          </button>
        ))}
      </div>
      <VoiceAgentForm
        key={`${scope}:${JSON.stringify(account?.settings ?? data.global)}`}
        scope={scope}
        accountName={account?.accountName ?? null}
        // Global's preview shows an account that follows it: a customised one's callers never hear Global.
        sampleAccountName={data.accounts.find((a) => !a.custom)?.accountName ?? null}
        custom={account?.custom ?? false}
        initial={account?.settings ?? data.global}
        onSaved={() => void reload()}
      />
      <VoiceAgentUsage />
    </div>
  );
}

type FeeMode = 'none' | 'free' | 'amount';
type JobRow = { id?: string; name: string; mode: FeeMode; amount: string };

const toRow = (j: JobType): JobRow => ({
  id: j.id,
  name: j.name,
  mode: j.dispatchFeeCents === null ? 'none' : j.dispatchFeeCents === 0 ? 'free' : 'amount',
  amount: j.dispatchFeeCents ? (j.dispatchFeeCents / 100).toFixed(2) : '',
});

/** Account level only: the job types the Voice Agent may book, and what each one's dispatch fee is. */
function JobTypesEditor({ accountId, initial, onSaved }: { accountId: string; initial: JobType[]; onSaved(j: JobType[]): void }) {
  const toast = useDesk((s) => s.toast);
  const [rows, setRows] = useState<JobRow[]>(initial.map(toRow));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setRows(initial.map(toRow)), [initial]);
  const patch = (i: number, p: Partial<JobRow>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...p } : r)));

  async function save() {
    const jobTypes = rows.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      name: r.name,
      dispatchFeeCents: r.mode === 'none' ? null : r.mode === 'free' ? 0 : Math.round(Number(r.amount) * 100),
    }));
    if (jobTypes.some((j) => j.dispatchFeeCents !== null && !Number.isFinite(j.dispatchFeeCents))) return setProblem('Enter each amount as dollars, like 89.00.');
    try {
      const saved = await api.saveJobTypes({ accountId, jobTypes });
      setProblem(null);
      onSaved(saved);
      toast({ id: crypto.randomUUID(), kind: 'info', title: 'Saved the job types and dispatch fees.' });
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'Saving failed.');
    }
  }

  return (
    <fieldset aria-label="Job Types and Dispatch Fees">
      <legend>Job Types and Dispatch Fees</legend>
      {rows.map((r, i) => (
        <div key={r.id ?? `new-${i}`} className="jobtype" data-testid="job-type">
          <input aria-label="Job type name" value={r.name} onChange={(e) => patch(i, { name: e.target.value })} />
          <Select<FeeMode>
            aria-label={`Dispatch fee of ${r.name || 'new job type'}`}
            value={r.mode}
            onValueChange={(mode) => patch(i, { mode })}
            options={[
              { value: 'none', label: 'No specified fee' },
              { value: 'free', label: 'Free service' },
              { value: 'amount', label: 'Specific amount' },
            ]}
          />
          {/* An empty cell keeps the rows' columns lined up when there is no amount to type. */}
          {r.mode === 'amount' ? <input aria-label={`Fee of ${r.name || 'new job type'} in dollars`} value={r.amount} onChange={(e) => patch(i, { amount: e.target.value })} size={8} /> : <span />}
          <span className="hint">{dispatchFeeText(r.mode === 'none' ? null : r.mode === 'free' ? 0 : Math.round(Number(r.amount) * 100) || 0)}</span>
          <button type="button" aria-label={`Remove ${r.name || 'new job type'}`} onClick={() => setRows(rows.filter((_, k) => k !== i))}>
            ✕
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setRows([...rows, { name: '', mode: 'none', amount: '' }])}>
          Add job type
        </button>
        <button type="button" onClick={() => void save()}>
          Save job types
        </button>
      </div>
      {problem && <p className="error" role="alert">{problem}</p>}
    </fieldset>
  );
}

/** `who`: at Global the sample is one account's callers, named so nobody takes it for all of them. */
function Preview({ text, unknown, missing, who }: { text: string; unknown: string[]; missing: string[]; who: string | null }) {
  return (
    <div className="preview">
      <span className="hint">{who ? `Callers of ${who} hear, for example: ` : 'Callers hear: '}</span>
      <q>{text}</q>
      {unknown.length > 0 && <div className="error">Unknown variable(s): {unknown.map((u) => `[${u}]`).join(', ')}</div>}
      {missing.length > 0 && <div className="hint">No value yet for: {missing.join(', ')}</div>}
    </div>
  );
}

function VoiceAgentForm(props: { scope: string; accountName: string | null; sampleAccountName: string | null; custom: boolean; initial: VoiceAgentSettings; onSaved(): void }) {
  const toast = useDesk((s) => s.toast);
  const [s, setS] = useState<VoiceAgentSettings>(props.initial);
  const [confirmOff, setConfirmOff] = useState(false);
  const errors = useFieldErrors(SETTINGS_FIELDS);
  const [jobTypes, setJobTypes] = useState<JobType[]>([]);
  const isAccount = props.scope !== 'global';
  const formId = useId();
  useEffect(() => {
    if (isAccount) void api.listJobTypes({ accountId: props.scope }).then(setJobTypes, () => setJobTypes([]));
  }, [isAccount, props.scope]);

  const turningOff = props.initial.transcript.aiDisclosure && !s.transcript.aiDisclosure;
  // At Global each account's own name fills an empty business name; the preview uses the first
  // account that follows Global (none: every account has its own settings, so a stand-in name).
  const sampleName = props.accountName ?? props.sampleAccountName ?? 'your business';
  const values = templateValues(s, sampleName);
  const opening = openingAsHeard(s, sampleName);
  const who = props.accountName ? null : (props.sampleAccountName ?? 'an account that follows Global');
  const set = <K extends Exclude<keyof VoiceAgentSettings, 'enabled'>>(k: K, patch: Partial<VoiceAgentSettings[K]>) => setS({ ...s, [k]: { ...s[k], ...patch } });

  async function save() {
    const parsed = voiceAgentSettingsSchema.safeParse(s);
    if (!parsed.success) return errors.invalid(parsed.error);
    if (turningOff && !confirmOff) return errors.set('confirmDisclosureRemoval', 'Confirm that callers will no longer hear the AI disclosure, or turn it back on.');
    try {
      await api.saveVoiceAgentSettings({ scope: props.scope, settings: parsed.data, confirmDisclosureRemoval: confirmOff });
      errors.clear();
      toast({ id: crypto.randomUUID(), kind: 'info', title: isAccount ? `Saved ${props.accountName}'s own Voice Agent settings: it no longer follows Global.` : 'Saved the Global Voice Agent settings.' });
      props.onSaved();
    } catch (err) {
      errors.refused(err, 'Saving failed.');
    }
  }

  async function reset() {
    try {
      await api.resetVoiceAgentAccount({ accountId: props.scope });
      toast({ id: crypto.randomUUID(), kind: 'info', title: `${props.accountName} follows Global again.` });
      props.onSaved();
    } catch (err) {
      errors.refused(err, 'Reset failed.');
    }
  }

  const sample = jobTypes[0]?.name ?? 'Drain cleaning';
  return (
    <form ref={errors.scope} className="admin-card voice-agent" aria-label={isAccount ? `Voice Agent for ${props.accountName}` : 'Global Voice Agent'} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      {isAccount && (
        <p className={props.custom ? 'warning' : 'hint'} data-testid="inheritance">
          {props.custom ? 'Custom settings: changes to Global no longer reach this account.' : 'Follows Global. Saving here makes this account custom.'}
          {props.custom && (
            <button type="button" onClick={() => void reset()}>
              Reset to Global
            </button>
          )}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.target.checked })} /> The Voice Agent answers overflow calls
        {!s.enabled && <span className="hint"> (off: routing workflows’ overflow rules do nothing and every caller waits in the queue)</span>}
      </label>
      <fieldset>
        <legend>Persona</legend>
        <Field label="Voice Agent Name" error={errors.of('persona.agentName')}>
          <input value={s.persona.agentName} onChange={(e) => set('persona', { agentName: e.target.value })} />
        </Field>
        <Field
          label="Customer-Facing Business Name"
          error={errors.of('persona.businessName')}
          hint={`Leave empty and callers hear ${isAccount ? `“${props.accountName}”` : 'each account’s own name'}.`}
        >
          <input
            value={s.persona.businessName}
            placeholder={isAccount ? `${props.accountName} (the account's name)` : "Each account's own name"}
            onChange={(e) => set('persona', { businessName: e.target.value })}
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Transcript</legend>
        <label className="check">
          <input type="checkbox" checked={s.transcript.aiDisclosure} onChange={(e) => { set('transcript', { aiDisclosure: e.target.checked }); setConfirmOff(false); }} /> Open with the AI disclosure: “{AI_DISCLOSURE_LINE}”
        </label>
        {turningOff && (
          <label className="check warning">
            <input type="checkbox" checked={confirmOff} onChange={(e) => setConfirmOff(e.target.checked)} /> I confirm callers will no longer be told they are talking to an AI.
          </label>
        )}
        <Field label="Opening message" error={errors.of('transcript.opening')}>
          <textarea value={s.transcript.opening} onChange={(e) => set('transcript', { opening: e.target.value })} />
        </Field>
        <Preview {...opening} who={who} />
        <Field label="Closing message" error={errors.of('transcript.closing')}>
          <textarea value={s.transcript.closing} onChange={(e) => set('transcript', { closing: e.target.value })} />
        </Field>
        <Preview {...renderTemplate(s.transcript.closing, values)} who={who} />
      </fieldset>
      <fieldset>
        <legend>Dispatch Fee Message</legend>
        {(
          [
            ['noSpecifiedFee', 'No specified fee', null],
            ['freeService', 'Free service', 0],
            ['specificAmount', 'Specific amount', 8900],
          ] as const
        ).map(([key, label, fee]) => (
          <div key={key}>
            <Field label={label} error={errors.of(`dispatchFee.${key}`)}>
              <textarea aria-label={`Dispatch fee message: ${label}`} value={s.dispatchFee[key]} onChange={(e) => set('dispatchFee', { [key]: e.target.value })} />
            </Field>
            <Preview {...renderTemplate(s.dispatchFee[key], { ...values, 'Job Type': sample, 'Dispatch Fee': fee ? `$${(fee / 100).toFixed(2)}` : '' })} who={who} />
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>Skills and Capabilities</legend>
        {VOICE_AGENT_SKILLS.map((k) => (
          <div key={k}>
            <label className="check">
              <input
                type="checkbox"
                checked={s.skills[k]}
                onChange={(e) => set('skills', { [k]: e.target.checked })}
                aria-describedby={`${formId}-skill-${k}`}
              />{' '}
              {VOICE_AGENT_SKILL_LABELS[k]}
            </label>
            <p className="hint" id={`${formId}-skill-${k}`} data-testid={`skill-hint-${k}`}>
              {s.skills[k] ? VOICE_AGENT_SKILL_HINTS[k].on : VOICE_AGENT_SKILL_HINTS[k].off}
            </p>
          </div>
        ))}
      </fieldset>
      {isAccount && <JobTypesEditor accountId={props.scope} initial={jobTypes} onSaved={setJobTypes} />}
      {errors.problem && <p className="error" role="alert">{errors.problem}</p>}
      <button className="primary" type="submit">
        Save Voice Agent settings
      </button>
    </form>
  );
}
