import { useState } from 'react';
import { CALLBACK_ROUTING_LABELS, CALLBACK_ROUTINGS, formatPhone, VOICEMAIL_PLAN_LIMITS, voicemailPlanSchema, type ApiResponse } from '../../../shared';
import { api } from '../../bridge/api';
import { useDesk } from '../../state/store';
import { Field } from '../../ui/Field';
import { Select } from '../../ui/Select';
import { useFieldErrors } from '../../ui/use-field-errors';
import { useAdminData } from './use-admin-data';

type Plan = ApiResponse<'voicemailPlans'>[number];

/**
 * The workflow's voicemail plan, per account: the caller ID callbacks show, the callback number
 * agents leave, and whether a customer who calls back is offered to the agent who left the
 * voicemail first (for how long) or to any available agent at once.
 */
export function VoicemailPlanPanel() {
  const { data: plans, placeholder } = useAdminData(() => api.voicemailPlans({}), 'voicemail plans');
  if (!plans) return placeholder;
  return (
    <div className="admin-cards">
      {plans.map((p) => (
        <PlanForm key={p.accountId} initial={p} />
      ))}
    </div>
  );
}

function PlanForm({ initial }: { initial: Plan }) {
  const toast = useDesk((s) => s.toast);
  const [callerId, setCallerId] = useState<string>(initial.callerId);
  const [callbackNumber, setCallbackNumber] = useState(initial.callbackNumber ?? '');
  const [routing, setRouting] = useState(initial.callbackRouting);
  const [seconds, setSeconds] = useState(String(initial.originalAgentSeconds));
  const [saving, setSaving] = useState(false);
  const errors = useFieldErrors(['callerId', 'callbackNumber', 'callbackRouting', 'originalAgentSeconds']);

  async function save() {
    const parsed = voicemailPlanSchema.safeParse({
      accountId: initial.accountId,
      callerId,
      callbackNumber: callbackNumber.trim() ? callbackNumber.trim().replace(/[\s().-]/g, '') : null,
      callbackRouting: routing,
      originalAgentSeconds: Number(seconds),
    });
    if (!parsed.success) return errors.invalid(parsed.error);
    errors.clear();
    setSaving(true);
    try {
      await api.saveVoicemailPlan(parsed.data);
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Saved the voicemail plan of ${initial.accountName}.` });
    } catch (err) {
      errors.refused(err, 'Saving failed.');
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={errors.scope} className="admin-card" noValidate aria-label={`Voicemail plan of ${initial.accountName}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{initial.accountName}</h3>
      <Field label="Callbacks show this caller ID" error={errors.of('callerId')}>
        <Select
          value={callerId}
          onValueChange={setCallerId}
          options={[
            { value: 'tracking', label: 'The number the customer called' },
            { value: 'main', label: "The account's main number" },
            ...initial.numbers.map((n) => ({ value: n.e164, label: `${formatPhone(n.e164)}${n.campaign ? ` (${n.campaign})` : n.type === 'main' ? ' (main)' : ''}` })),
          ]}
        />
      </Field>
      <Field label="Callback number agents leave in voicemails" hint="Leave empty to give the number the callback showed." error={errors.of('callbackNumber')}>
        <input type="tel" value={callbackNumber} placeholder="+13125550100" onChange={(e) => setCallbackNumber(e.target.value)} />
      </Field>
      <fieldset>
        <legend>When the customer calls back, offer the call to</legend>
        {CALLBACK_ROUTINGS.map((r) => (
          <label key={r} className="check">
            <input type="radio" name={`routing-${initial.accountId}`} checked={routing === r} onChange={() => setRouting(r)} /> {CALLBACK_ROUTING_LABELS[r]}
          </label>
        ))}
      </fieldset>
      {routing === 'original_agent' && (
        <Field
          label={`Offered to that agent alone for (seconds, ${VOICEMAIL_PLAN_LIMITS.originalAgentSeconds.min}–${VOICEMAIL_PLAN_LIMITS.originalAgentSeconds.max})`}
          hint="Then to any available agent."
          error={errors.of('originalAgentSeconds')}
        >
          <input type="number" inputMode="numeric" value={seconds} onChange={(e) => setSeconds(e.target.value)} />
        </Field>
      )}
      {errors.problem && <p className="error" role="alert">{errors.problem}</p>}
      <button className="primary" type="submit" disabled={saving}>
        {saving ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}
