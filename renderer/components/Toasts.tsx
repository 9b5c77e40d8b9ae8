import { useEffect } from 'react';
import { useDesk } from '../state/store';

export function Toasts() {
  const toasts = useDesk((s) => s.toasts);
  const dismiss = useDesk((s) => s.dismissToast);
  const focusLead = useDesk((s) => s.focusLead);
  useEffect(() => {
    const t = toasts[0];
    if (!t) return;
    const timer = setTimeout(() => dismiss(t.id), 6000);
    return () => clearTimeout(timer);
  }, [toasts, dismiss]);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <button
          key={t.id}
          className="toast"
          data-testid="toast"
          onClick={() => {
            dismiss(t.id);
            if ('leadId' in t && t.leadId) focusLead(t.kind, t.leadId);
          }}
        >
          {t.title}
        </button>
      ))}
    </div>
  );
}
