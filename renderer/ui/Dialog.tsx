import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

/**
 * A modal prompt on a backdrop (Radix Dialog): focus moves in and stays in until it closes, Esc
 * closes it unless `onEscape` says otherwise, and the rest of the page is inert meanwhile.
 */
export function ModalDialog(props: {
  title: string;
  /** Shown as the heading; the title stays the dialog's accessible name. */
  heading?: ReactNode;
  onClose(): void;
  children: ReactNode;
  /** Esc and a click on the backdrop; false keeps the dialog open (work in progress). */
  dismissable?: boolean;
  as?: 'div' | 'form';
  onSubmit?(e: React.FormEvent): void;
  testId?: string;
}) {
  const dismissable = props.dismissable ?? true;
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && props.onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="overlay" />
        <RadixDialog.Content
          className="prompt"
          aria-describedby={undefined}
          onEscapeKeyDown={(e) => !dismissable && e.preventDefault()}
          onPointerDownOutside={(e) => !dismissable && e.preventDefault()}
          onInteractOutside={(e) => !dismissable && e.preventDefault()}
          asChild={props.as === 'form'}
          data-testid={props.testId}
        >
          {props.as === 'form' ? (
            <form onSubmit={props.onSubmit}>
              <RadixDialog.Title>{props.heading ?? props.title}</RadixDialog.Title>
              {props.children}
            </form>
          ) : (
            <>
              <RadixDialog.Title>{props.heading ?? props.title}</RadixDialog.Title>
              {props.children}
            </>
          )}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
