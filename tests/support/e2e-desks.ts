import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { WorkstationServices } from '../../main/services';
import { startWebHost, type WebHost } from '../../main/web-host/web-host';
import { DEMO_PASSWORD } from '../../server/demo/seed';
import type { WorkstationHandlers } from '../../shared';
import { startTestServer, type TestServer } from './test-server';

const root = path.resolve(import.meta.dirname, '../..');

/** `url` opens the desk (this launch's address); `host.url` is its bare origin. */
export type E2eDesk = { services: WorkstationServices; host: WebHost; url: string };

/**
 * Desks for browser tests: each the real desk services with its own data folder, served to
 * Chromium by its own web host, syncing with the test server on short timings.
 */
export async function startDesks(t: TestServer, count = 1): Promise<{ desks: E2eDesk[]; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-e2e-'));
  const desks: E2eDesk[] = [];
  for (let i = 0; i < count; i++) {
    const services = new WorkstationServices({
      dataDir: path.join(dir, `desk-${i}`),
      defaultServerUrl: t.url,
      sync: { backoffBaseMs: 50, backoffMaxMs: 300, pullEveryMs: 1000 },
    });
    const host = await startWebHost({ services, staticDir: path.join(root, 'dist/renderer') });
    desks.push({ services, host, url: host.openUrl });
  }
  return {
    desks,
    async close() {
      for (const d of desks) {
        await d.host.close();
        await d.services.close();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs out whoever that desk remembers, then signs in as `email` and waits until it is in. */
export async function signInAs(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  const emailField = page.getByLabel('Email', { exact: true });
  await expect(signOut.or(emailField)).toBeVisible();
  if (await signOut.isVisible()) await signOut.click();
  await emailField.fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(signOut).toBeVisible();
}

/**
 * One test server and `desks` desks for a whole spec file, started before its tests and stopped
 * after them. Read `suite.t` and `suite.desk` inside tests (they exist once the suite started).
 */
export function deskSuite(o: { desks?: number; server?: Parameters<typeof startTestServer>[1]; prepare?: (t: TestServer) => Promise<void> } = {}) {
  let t: TestServer | null = null;
  let started: Awaited<ReturnType<typeof startDesks>> | null = null;
  test.beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' }, o.server);
    await o.prepare?.(t);
    started = await startDesks(t, o.desks ?? 1);
  });
  test.afterAll(async () => {
    await started?.close();
    await t?.close();
  });
  return {
    get t(): TestServer {
      return t!;
    },
    get desks(): E2eDesk[] {
      return started!.desks;
    },
    get desk(): E2eDesk {
      return started!.desks[0]!;
    },
  };
}

/** Ticks (or unticks) one choice in a column header's filter and closes it again. */
export async function tickColumnFilter(page: Page, column: string, choice: string, checked = true): Promise<void> {
  await page.getByRole('columnheader', { name: new RegExp(`^${column}\\b`) }).getByRole('button', { name: new RegExp(`^Filter ${column}`) }).click();
  const popover = page.getByRole('dialog', { name: `${column} filter` });
  await popover.getByLabel(choice, { exact: true }).setChecked(checked);
  await page.keyboard.press('Escape');
  await expect(popover).toHaveCount(0);
}

/**
 * Holds a desk's answers to one call of its API until released: a desk (or its server) slow to
 * answer, as on a busy machine. The desk's own handler, wrapped in place; `restore` unwraps it.
 */
export function holdAnswers(desk: E2eDesk, method: keyof WorkstationHandlers) {
  const handlers = desk.services.handlers as unknown as Record<string, (req: unknown) => Promise<unknown>>;
  const original = handlers[method]!;
  let gate: Promise<void> | null = null;
  let open = () => {};
  let waiting = 0;
  handlers[method] = async (req) => {
    if (gate) {
      waiting++;
      await gate;
    }
    return original(req);
  };
  return {
    hold() {
      gate = new Promise((resolve) => (open = resolve));
      waiting = 0;
    },
    /** Calls held since `hold`. */
    get waiting() {
      return waiting;
    },
    release() {
      open();
      gate = null;
    },
    restore() {
      open();
      handlers[method] = original;
    },
  };
}
