import { app, Menu, nativeImage, Tray } from 'electron';
import { PRODUCT_NAME } from './app-menu';

/** The tray icon: shows the open abandoned calls in its tooltip, opens the window, quits. */
export function createTray(icon: string, showWindow: () => void): Tray {
  const image = nativeImage.createFromPath(icon);
  if (image.isEmpty()) console.warn(`[rebound] The tray icon ${icon} is missing or unreadable; run npm run build.`);
  const tray = new Tray(image);
  tray.setToolTip(PRODUCT_NAME);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: `Open ${PRODUCT_NAME}`, click: showWindow },
      { type: 'separator' },
      { label: `Quit ${PRODUCT_NAME}`, click: () => app.quit() },
    ]),
  );
  tray.on('click', showWindow);
  return tray;
}
