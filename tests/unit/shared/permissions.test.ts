import { describe, expect, it } from 'vitest';
import {
  can,
  canSeeAccount,
  effectivePermissions,
  expandPermissions,
  PERMISSION_CATALOG,
  PERMISSIONS,
  type Role,
} from '../../../shared';

describe('permission catalog', () => {
  it('names every permission of the workflow', () => {
    const labels = PERMISSIONS.map((p) => PERMISSION_CATALOG[p].label);
    for (const label of [
      'View and Action All Follow Ups',
      'Edit Abandoned Calls',
      'Edit Second Chance Leads',
      'View & Edit Feature Management',
      'Edit TI, Follow Up, & Reporting Settings',
      'Edit Voice Agent Settings',
      'Phone settings',
      'Manage Users and Roles',
    ]) {
      expect(labels).toContain(label);
    }
  });

  it('opens a broader permission into its sub-permissions', () => {
    expect([...expandPermissions(['followups.all'])].sort()).toEqual([
      'followups.abandoned.edit',
      'followups.all',
      'followups.scl.edit',
    ]);
    expect([...expandPermissions(['followups.abandoned.edit'])]).toEqual(['followups.abandoned.edit']);
  });

  it('gives a user the union of their roles, and nothing from roles they lack', () => {
    const roles: Role[] = [
      { id: 'csr', name: 'CSR', permissions: ['followups.abandoned.edit'] },
      { id: 'lead', name: 'Lead CSR', permissions: ['followups.all'] },
      { id: 'admin', name: 'Admin', permissions: ['admin.users_roles'] },
    ];
    const csr = effectivePermissions({ roleIds: ['csr'], accountIds: [] }, roles);
    expect(can(csr, 'workAbandoned')).toBe(true);
    expect(can(csr, 'workSecondChance')).toBe(false);
    expect(can(csr, 'manageUsersAndRoles')).toBe(false);
    const lead = effectivePermissions({ roleIds: ['csr', 'lead'], accountIds: [] }, roles);
    expect(can(lead, 'workSecondChance')).toBe(true);
  });

  it('needs both admin permissions to configure Second Chance Leads', () => {
    expect(can(expandPermissions(['admin.feature_management']), 'configureSecondChance')).toBe(false);
    expect(can(expandPermissions(['admin.ti_followup_reporting_settings']), 'configureSecondChance')).toBe(false);
    expect(
      can(expandPermissions(['admin.feature_management', 'admin.ti_followup_reporting_settings']), 'configureSecondChance'),
    ).toBe(true);
  });

  it('scopes users to their accounts', () => {
    expect(canSeeAccount({ accountIds: ['a', 'b'] }, 'a')).toBe(true);
    expect(canSeeAccount({ accountIds: ['a', 'b'] }, 'c')).toBe(false);
  });
});
