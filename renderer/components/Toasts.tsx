import { AlertCircle, Bell, CheckCircle2, Info, X } from 'lucide-react';
import { useEffect } from 'react';
import { toast as sonner, Toaster } from 'sonner';
import { shownTheme, useTheme } from '../ui/theme';
import { useDesk, type Toast } from '../state/store';

/** Errors stay until read and closed; confirmations and new leads go after a while. */
const DURATION = { error: Infinity, info: 5000, notification: 8000 } as const;

function toneOf(t: Toast): keyof typeof DURATION {
  return t.kind === 'error' ? 'error' : t.kind === 'info' || t.kind === 'notice' ? 'info' : 'notification';
}

/** Takes a toast away before its time: what it said no longer applies. */
export function withdrawToast(id: string): void {
  sonner.dismiss(id);
  useDesk.getState().dismissToast(id);
}

/**
 * Toasts through sonner: the store's queue is handed over as it fills. An error looks like one
 * (red edge, alert icon, role alert) and waits to be closed; a new lead's toast opens the lead.
 */
export function Toasts() {
  const toasts = useDesk((s) => s.toasts);
  const dismiss = useDesk((s) => s.dismissToast);
  const focusLead = useDesk((s) => s.focusLead);
  // The theme the page shows (dark on the wall whatever the person chose), not only their choice.
  const theme = useTheme(shownTheme);
  const userId = useDesk((s) => s.session?.userId ?? null);

  // Sonner keeps the toasts it was handed and shows them again to the next Toaster: when the
  // person changes (or signs out), the last one's are dismissed with them.
  useEffect(
    () => () => {
      sonner.dismiss();
    },
    [userId],
  );

  useEffect(() => {
    for (const t of toasts) {
      dismiss(t.id);
      const tone = toneOf(t);
      // A tick only for what went through: a notice (nothing was done) gets the "i".
      const Icon = tone === 'error' ? AlertCircle : t.kind === 'notice' ? Info : tone === 'info' ? CheckCircle2 : Bell;
      const open = 'leadId' in t && t.leadId ? () => focusLead(t.kind as 'abandoned' | 'second_chance', t.leadId!) : null;
      sonner.custom(
        (id) => (
          <div className={`toast ${tone}`} data-kind={t.kind} role={tone === 'error' ? 'alert' : 'status'}>
            <Icon className="icon toast-icon" aria-hidden="true" />
            <button
              className="toast-body"
              data-testid="toast"
              onClick={() => {
                sonner.dismiss(id);
                open?.();
              }}
            >
              {t.title}
            </button>
            <button className="toast-close" aria-label="Close" onClick={() => sonner.dismiss(id)}>
              <X className="icon" aria-hidden="true" />
            </button>
          </div>
        ),
        { id: t.id, duration: DURATION[tone] },
      );
    }
  }, [toasts, dismiss, focusLead]);

  return <Toaster position="bottom-right" theme={theme} visibleToasts={5} expand gap={8} offset={16} containerAriaLabel="Messages" />;
}
