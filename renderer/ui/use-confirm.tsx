import { useState, type ReactNode } from 'react';
import { ModalDialog } from './Dialog';

type Ask = { title: string; body: ReactNode; confirm: string; resolve(ok: boolean): void };

/**
 * Asks before something that cannot be taken back (a key that stops working, a person signed out
 * everywhere), in the app's own dialog: themed, focus kept inside, Esc cancels. The browser's
 * confirm() does none of that and is blocked in some Electron setups.
 * Render `dialog` once in the component; `confirm` resolves true only for the named action.
 */
export function useConfirm() {
  const [ask, setAsk] = useState<Ask | null>(null);
  const answer = (ok: boolean) => {
    ask?.resolve(ok);
    setAsk(null);
  };
  const dialog = ask && (
    <ModalDialog title={ask.title} onClose={() => answer(false)} testId="confirm">
      <p>{ask.body}</p>
      <div className="actions">
        {/* Focus starts on the safe choice: Enter on a dialog that appeared unexpectedly changes nothing. */}
        <button type="button" autoFocus onClick={() => answer(false)}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => answer(true)}>
          {ask.confirm}
        </button>
      </div>
    </ModalDialog>
  );
  const confirm = (o: Omit<Ask, 'resolve'>) => new Promise<boolean>((resolve) => setAsk({ ...o, resolve }));
  return { dialog, confirm };
}
