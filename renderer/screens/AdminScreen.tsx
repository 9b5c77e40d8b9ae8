import { useState } from 'react';
import { can, expandPermissions } from '../../shared';
import { useDesk } from '../state/store';
import { SclSettingsPanel } from './admin/SclSettingsPanel';
import { UsersRolesPanel } from './admin/UsersRolesPanel';
import { VoiceAgentPanel } from './admin/VoiceAgentPanel';
import { RoutingPanel } from './admin/RoutingPanel';
import { TrackingNumbersPanel } from './admin/TrackingNumbersPanel';
import { FieldServicePanel } from './admin/FieldServicePanel';
import { VoicemailPlanPanel } from './admin/VoicemailPlanPanel';

type Panel = 'scl' | 'users' | 'voice' | 'numbers' | 'routing' | 'field' | 'voicemail';

/** Admin settings: each panel only for those holding its permission. */
export function AdminScreen() {
  const session = useDesk((s) => s.session)!;
  const perms = expandPermissions(session.permissions);
  const panels: [Panel, string][] = [
    ...(can(perms, 'configureSecondChance') ? [['scl', 'Second Chance Leads'] as [Panel, string]] : []),
    ...(can(perms, 'manageUsersAndRoles') ? [['users', 'Users & Roles'] as [Panel, string], ['field', 'Field Service'] as [Panel, string]] : []),
    ...(can(perms, 'configureVoiceAgent') ? [['voice', 'Voice Agent'] as [Panel, string]] : []),
    ...(can(perms, 'manageTrackingNumbers') ? [['numbers', 'Tracking Numbers'] as [Panel, string], ['routing', 'Campaigns & Routing'] as [Panel, string], ['voicemail', 'Voicemail Plan'] as [Panel, string]] : []),
  ];
  const [panel, setPanel] = useState<Panel | undefined>(panels[0]?.[0]);
  return (
    <section aria-label="Admin settings">
      <h2>Settings</h2>
      <div className="tabs" role="tablist">
        {panels.map(([id, label]) => (
          <button key={id} role="tab" aria-selected={panel === id} onClick={() => setPanel(id)}>
            {label}
          </button>
        ))}
      </div>
      {panel === 'scl' && <SclSettingsPanel />}
      {panel === 'users' && <UsersRolesPanel />}
      {panel === 'voice' && <VoiceAgentPanel />}
      {panel === 'numbers' && <TrackingNumbersPanel />}
      {panel === 'routing' && <RoutingPanel />}
      {panel === 'field' && <FieldServicePanel />}
      {panel === 'voicemail' && <VoicemailPlanPanel />}
    </section>
  );
}
