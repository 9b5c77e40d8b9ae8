import { useState } from 'react';
import { OVERFLOW_RULE_LABELS, overflowExplanation, OVERFLOW_RULES, workflowInputSchema, type Routing } from '../../../shared';
import { api } from '../../bridge/api';
import { useAdminData } from './use-admin-data';
import { useDesk } from '../../state/store';
import { Field } from '../../ui/Field';
import { Select } from '../../ui/Select';
import { useFieldErrors } from '../../ui/use-field-errors';

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
          <NamedList
            title="Campaigns"
            items={data.campaigns.filter((c) => c.accountId === a.id)}
            onSave={(name, id) => api.saveCampaign({ accountId: a.id, name, ...(id ? { id } : {}) }).then(reload)}
            onRetire={(id, retired) => api.retireCampaign({ id, accountId: a.id, retired }).then(reload)}
          />
          <NamedList
            title="Queues"
            items={data.queues.filter((q) => q.accountId === a.id)}
            onSave={(name, id) => api.saveQueue({ accountId: a.id, name, ...(id ? { id } : {}) }).then(reload)}
            onRetire={(id, retired) => api.retireQueue({ id, accountId: a.id, retired }).then(reload)}
          />
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

type Named = { id: string; name: string; retired: boolean };

/** Campaigns or queues of one account: add, rename, retire (kept for history and reports) and restore. */
function NamedList({ title, items, onSave, onRetire }: { title: string; items: Named[]; onSave(name: string, id?: string): Promise<unknown>; onRetire(id: string, retired: boolean): Promise<unknown> }) {
  const one = title.toLowerCase().replace(/s$/, '');
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  // A refused rename shows next to the name being edited; a refused add next to the new name.
  const [failedOn, setFailedOn] = useState<string | null>(null);
  const errors = useFieldErrors(['name']);
  const fail = (on: string) => (err: unknown) => {
    setFailedOn(on);
    errors.refused(err, 'Saving failed.');
  };
  const done = () => {
    setFailedOn(null);
    errors.clear();
  };
  return (
    <div ref={errors.scope}>
      <h4>{title}</h4>
      <ul className="plain" aria-label={title}>
        {items.map((i) => (
          <li key={i.id} className={i.retired ? 'retired' : undefined} aria-label={`${title.replace(/s$/, '')} ${i.name}`}>
            {renaming?.id === i.id ? (
              <form
                className="inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  onSave(renaming.name, i.id).then(() => { setRenaming(null); done(); }, fail(i.id));
                }}
              >
                <Field label={<span className="sr-only">New name for {i.name}</span>} error={failedOn === i.id ? errors.of('name') : undefined}>
                  <input value={renaming.name} onChange={(e) => setRenaming({ id: i.id, name: e.target.value })} autoFocus />
                </Field>
                <button type="submit" disabled={!renaming.name.trim()}>
                  Save
                </button>
                <button type="button" onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <>
                <span>{i.name}</span>
                {i.retired && <span className="hint"> (retired)</span>}{' '}
                <button className="linkish" onClick={() => setRenaming({ id: i.id, name: i.name })} aria-label={`Rename ${i.name}`}>
                  Rename
                </button>{' '}
                <button className="linkish" onClick={() => onRetire(i.id, !i.retired).then(done, fail(i.id))} aria-label={`${i.retired ? 'Restore' : 'Retire'} ${i.name}`}>
                  {i.retired ? 'Restore' : 'Retire'}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          onSave(name).then(
            () => {
              setName('');
              done();
            },
            fail('new'),
          );
        }}
      >
        <Field label={<span className="sr-only">New {one} name</span>} error={failedOn === 'new' ? errors.of('name') : undefined}>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={`New ${one} name`} />
        </Field>
        <button type="submit" disabled={!name.trim()}>
          Add
        </button>
      </form>
      {errors.problem && <p className="error" role="alert">{errors.problem}</p>}
    </div>
  );
}

function WorkflowForm(props: { accountId: string; queues: Named[]; initial: Workflow | null; onSaved(): void }) {
  const toast = useDesk((s) => s.toast);
  const w = props.initial;
  const [name, setName] = useState(w?.name ?? '');
  // A retired queue takes no new workflow; one already on it still shows it.
  const queues = props.queues.filter((q) => !q.retired || q.id === w?.queueId);
  const [queueId, setQueueId] = useState(w?.queueId ?? queues[0]?.id ?? '');
  const [active, setActive] = useState(w?.active ?? true);
  const [rule, setRule] = useState<(typeof OVERFLOW_RULES)[number]>(w?.overflowRule ?? 'none');
  const [wait, setWait] = useState(w?.overflowWaitSeconds ? String(w.overflowWaitSeconds) : '');
  const errors = useFieldErrors(['name', 'queueId', 'overflowRule', 'overflowWaitSeconds']);
  const label = w ? `Workflow ${w.name}` : 'New routing workflow';

  async function save() {
    const parsed = workflowInputSchema.safeParse({
      ...(w ? { id: w.id } : {}), accountId: props.accountId, name, queueId, active, overflowRule: rule, overflowWaitSeconds: wait ? Number(wait) : null,
    });
    if (!parsed.success) return errors.invalid(parsed.error);
    try {
      await api.saveWorkflow(parsed.data);
      errors.clear();
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Saved the routing workflow ${name}.` });
      if (!w) {
        // The "add" form is empty again for the next workflow.
        setName('');
        setActive(true);
        setRule('none');
        setWait('');
      }
      props.onSaved();
    } catch (err) {
      errors.refused(err, 'Saving failed.');
    }
  }

  return (
    <form ref={errors.scope} className="workflow" aria-label={label} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <Field label={<span className="sr-only">Workflow name</span>} error={errors.of('name')}>
        <input placeholder="New workflow name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Select
        aria-label="Queue"
        aria-invalid={errors.of('queueId') ? true : undefined}
        value={queueId}
        onValueChange={setQueueId}
        options={queues.map((q) => ({ value: q.id, label: `${q.name}${q.retired ? ' (retired)' : ''}` }))}
      />
      <label className="check">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active
      </label>
      <Select<typeof rule>
        aria-label="Overflow"
        className="overflow-rule"
        value={rule}
        onValueChange={setRule}
        options={OVERFLOW_RULES.map((r) => ({ value: r, label: OVERFLOW_RULE_LABELS[r] }))}
      />
      {rule === 'wait' && (
        // Named on screen: a bare "45" beside the rule left the N of "passes N seconds" to guess.
        <Field label="Seconds of wait (N)" error={errors.of('overflowWaitSeconds')}>
          <input type="number" value={wait} onChange={(e) => setWait(e.target.value)} placeholder="seconds" />
        </Field>
      )}
      <p className="hint overflow-explained" data-testid="overflow-explained">{overflowExplanation(rule, wait ? Number(wait) : null)}</p>
      <button type="submit">{w ? 'Save' : 'Add workflow'}</button>
      {errors.of('queueId') && <p className="error" role="alert">{errors.of('queueId')}</p>}
      {errors.problem && <p className="error" role="alert">{errors.problem}</p>}
    </form>
  );
}
