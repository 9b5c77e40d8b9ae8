import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { DOCS_URL } from './external-links';

export const PRODUCT_NAME = 'Rebound';

/** The window's menu: the usual edit and window commands, and Help with About and the docs. */
export function installAppMenu(icon: string): void {
  app.setAboutPanelOptions({
    applicationName: PRODUCT_NAME,
    applicationVersion: app.getVersion(),
    version: `Electron ${process.versions['electron'] ?? ''}`.trim(),
    copyright: 'Rebound: recovers abandoned calls and second chance leads.',
    website: DOCS_URL,
    iconPath: icon,
  });
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as const] : [{ role: 'fileMenu' } as const]),
    { role: 'editMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `About ${PRODUCT_NAME}`, click: () => app.showAboutPanel() },
        { label: `${PRODUCT_NAME} documentation`, click: () => void shell.openExternal(DOCS_URL) },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
