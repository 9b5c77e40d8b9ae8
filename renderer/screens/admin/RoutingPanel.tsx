import { useState } from 'react';
import { ApiError, formatIssues, OVERFLOW_RULE_LABELS, overflowExplanation, OVERFLOW_RULES, workflowInputSchema, type Routing } from '../../../shared';
import { api } from '../../bridge/api';
import { useAdminData } from './use-admin-data';
import { useDesk } from '../../state/store';

type Workflow = Routing['workflows'][number];

/** Campaigns, queues and routing workflows of each account. */
export function RoutingPanel() {
  const { data, reload, placeholder } = useAdminData(() => api.routing({}), 'routing');
  if (!data) return placeholder;
  return (
    <div className="admin-cards">
      {data.accounts.map((a) => (
        <section key={a.id} className="admin-card" aria-label={`Routing of ${a.name}`}>
          <h3>{a.name}</h3>
          <NamedList title="Campaigns" items={data.campaigns.filter((c) => c.accountId === a.id)} onAdd={(name) => api.saveCampaign({ accountId: a.id, name }).then(reload)} />
          <NamedList title="Queues" items={data.queues.filter((q) => q.accountId === a.id)} onAdd={(name) => api.saveQueue({ accountId: a.id, name }).then(reload)} />
          <h4>Routing workflows</h4>
          {data.workflows.filter((w) => w.accountId === a.id).map((w) => (
            <WorkflowForm key={w.id} accountId={a.id} queues={data.queues.filter((q) => q.accountId === a.id)} initial={w} onSaved={() => void reload()} />
          ))}
          <WorkflowForm accountId={a.id} queues={data.queues.filter((q) => q.accountId === a.id)} initial={null} onSaved={() => void reload()} />
        </section>
      ))}
    </div>
  );
}

function NamedList({ title, items, onAdd }: { title: string; items: { id: string; name: string }[]; onAdd(name: string): Promise<unknown> }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div>
      <h4>{title}</h4>
      <ul className="plain">
        {items.map((i) => (
          <li key={i.id}>{i.name}</li>
        ))}
      </ul>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          onAdd(name).then(
            () => {
              setName('');
              setProblem(null);
            },
            (err) => setProblem(err instanceof ApiError ? err.message : 'Saving failed.'),
          );
        }}
      >
        <input aria-label={`New ${title.toLowerCase().replace(/s$/, '')} name`} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={!name.trim()}>
          Add
        </button>
      </form>
      {problem && <p className="error" role="alert">{problem}</p>}
    </div>
  );
}

function WorkflowForm(props: { accountId: string; queues: { id: string; name: string }[]; initial: Workflow | null; onSaved(): void }) {
  const toast = useDesk((s) => s.toast);
  const w = props.initial;
  const [name, setName] = useState(w?.name ?? '');
  const [queueId, setQueueId] = useState(w?.queueId ?? props.queues[0]?.id ?? '');
  const [active, setActive] = useState(w?.active ?? true);
  const [rule, setRule] = useState<(typeof OVERFLOW_RULES)[number]>(w?.overflowRule ?? 'none');
  const [wait, setWait] = useState(w?.overflowWaitSeconds ? String(w.overflowWaitSeconds) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const label = w ? `Workflow ${w.name}` : 'New routing workflow';

  async function save() {
    const parsed = workflowInputSchema.safeParse({
      ...(w ? { id: w.id } : {}), accountId: props.accountId, name, queueId, active, overflowRule: rule, overflowWaitSeconds: wait ? Number(wait) : null,
    });
    if (!parsed.success) return setProblem(formatIssues(parsed.error));
    try {
      await api.saveWorkflow(parsed.data);
      setProblem(null);
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Saved the routing workflow ${name}.` });
      props.onSaved();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'Saving failed.');
    }
  }

  return (
    <form className="workflow" aria-label={label} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <input aria-label="Workflow name" placeholder="New workflow name" value={name} onChange={(e) => setName(e.target.value)} />
      <select aria-label="Queue" value={queueId} onChange={(e) => setQueueId(e.target.value)}>
        {props.queues.map((q) => (
          <option key={q.id} value={q.id}>
            {q.name}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active
      </label>
      <select aria-label="Overflow" value={rule} onChange={(e) => setRule(e.target.value as typeof rule)}>
        {OVERFLOW_RULES.map((r) => (
          <option key={r} value={r}>
            {OVERFLOW_RULE_LABELS[r]}
          </option>
        ))}
      </select>
      {rule === 'wait' && <input aria-label="Overflow after seconds" type="number" value={wait} onChange={(e) => setWait(e.target.value)} placeholder="seconds" />}
      <p className="hint overflow-explained" data-testid="overflow-explained">{overflowExplanation(rule, wait ? Number(wait) : null)}</p>
      <button type="submit">{w ? 'Save' : 'Add workflow'}</button>
      {problem && <p className="error" role="alert">{problem}</p>}
    </form>
  );
}
