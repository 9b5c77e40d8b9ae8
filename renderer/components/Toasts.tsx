import { useEffect } from 'react';
import { useDesk } from '../state/store';

export function Toasts() {
  const toasts = useDesk((s) => s.toasts);
  const dismiss = useDesk((s) => s.dismissToast);
  useEffect(() => {
    const t = toasts[0];
    if (!t) return;
    const timer = setTimeout(() => dismiss(t.id), 6000);
    return () => clearTimeout(timer);
  }, [toasts, dismiss]);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <button key={t.id} className="toast" data-testid="toast" onClick={() => dismiss(t.id)}>
          {t.title}
        </button>
      ))}
    </div>
  );
}
