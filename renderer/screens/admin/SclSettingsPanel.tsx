import { useState } from 'react';
import { ApiError, issuesByField, SCL_LIMITS, sclSettingsSchema, type ApiResponse } from '../../../shared';
import { api } from '../../bridge/api';
import { useAdminData } from './use-admin-data';
import { SclFlaggingQuality, SclLeftOutCalls } from './SclQualityPanel';
import { useDesk } from '../../state/store';
import { Field } from '../../ui/Field';

type Row = ApiResponse<'sclSettings'>[number];

/** Feature Management > Call Analysis: Second Chance Leads per account. */
export function SclSettingsPanel() {
  const { data: rows, placeholder } = useAdminData(() => api.sclSettings({}), 'settings');
  if (!rows) return placeholder;
  return (
    <>
      <div className="admin-cards">
        {rows.map((r) => (
          <AccountScl key={r.accountId} initial={r} />
        ))}
      </div>
      <SclFlaggingQuality />
      <SclLeftOutCalls />
    </>
  );
}

function AccountScl({ initial }: { initial: Row }) {
  const toast = useDesk((s) => s.toast);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [acw, setAcw] = useState(String(initial.acwMinutes));
  const [cold, setCold] = useState(String(initial.coldDays));
  const [threshold, setThreshold] = useState(String(initial.threshold));
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function save() {
    const parsed = sclSettingsSchema.safeParse({ accountId: initial.accountId, enabled, acwMinutes: Number(acw), coldDays: Number(cold), threshold: Number(threshold) });
    if (!parsed.success) return setFields(issuesByField(parsed.error));
    setFields({});
    setProblem(null);
    setSaving(true);
    try {
      await api.saveSclSettings(parsed.data);
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Saved Second Chance Leads settings for ${initial.accountName}. They apply from the next call on.` });
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'Saving failed.');
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="admin-card" aria-label={`Second Chance Leads for ${initial.accountName}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{initial.accountName}</h3>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enable Second Chance Leads
      </label>
      <Field label={`After Call Work Time (minutes, ${SCL_LIMITS.acwMinutes.min}–${SCL_LIMITS.acwMinutes.max})`} error={fields['acwMinutes']}>
        <input type="number" inputMode="numeric" value={acw} onChange={(e) => setAcw(e.target.value)} />
      </Field>
      <Field label={`Cold Leads after (days, ${SCL_LIMITS.coldDays.min}–${SCL_LIMITS.coldDays.max})`} error={fields['coldDays']}>
        <input type="number" inputMode="numeric" value={cold} onChange={(e) => setCold(e.target.value)} />
      </Field>
      <Field label={`Flag calls scoring at least (${SCL_LIMITS.threshold.min}–${SCL_LIMITS.threshold.max}; calls below are kept as reviewed, not flagged)`} error={fields['threshold']}>
        <input type="number" inputMode="numeric" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
      </Field>
      {problem && <p className="error" role="alert">{problem}</p>}
      <button className="primary" type="submit" disabled={saving}>
        {saving ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}
