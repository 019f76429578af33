"use client";

import { type MutationFunction, useMutation } from "@tanstack/react-query";
import { Pencil, Plus } from "lucide-react";
import { type ReactElement, type ReactNode, useState } from "react";
import { ApiError, api } from "@/components/api/client";
import { useFormErrors } from "@/components/api/use-form-errors";
import { Button, type ButtonProps } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

export type FormErrors<F extends string> = ReturnType<typeof useFormErrors<F>>;

/** What a create/edit form inside a FormDialog receives: the item (when editing), errors, submit and buttons. */
export interface DialogFormProps<E, F extends string, I> {
  existing?: E;
  fieldErrors: Partial<Record<F, string>>;
  formError: string | null;
  onSubmit: (input: I) => void;
  footer: ReactNode;
}

/**
 * A create/edit dialog's state: whether it is open, the form's field and form-level errors, and the
 * save mutation. Saving clears the errors, success closes the dialog, and the server's
 * `{ error: { message, details } }` lands on the named fields (or above the buttons). Closing the
 * dialog forgets the errors, so it opens clean.
 */
export function useFormDialog<F extends string, TInput, TData>({
  fields,
  mutationFn,
  onSuccess,
  onError,
}: {
  fields: readonly F[];
  mutationFn: MutationFunction<TData, TInput>;
  /** After the dialog closed: toast, refresh queries (a returned promise keeps the button busy). */
  onSuccess: (data: TData, input: TInput) => unknown;
  /** Replaces the default mapping of the server's error onto the fields. */
  onError?: (error: Error, input: TInput, errors: FormErrors<F>) => void;
}) {
  const [open, setOpen] = useState(false);
  const errors = useFormErrors(fields);
  const save = useMutation({
    mutationFn,
    onMutate: errors.reset,
    onSuccess: (data, input) => {
      setOpen(false);
      return onSuccess(data, input);
    },
    onError: (error, input) => (onError ? onError(error, input, errors) : errors.handle(error)),
  });

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) errors.reset();
  }

  /** The props for the form inside, with Cancel and `submitLabel` as its buttons. */
  const form = (submitLabel: ReactNode): Omit<DialogFormProps<never, F, TInput>, "existing"> => ({
    fieldErrors: errors.fieldErrors,
    formError: errors.formError,
    onSubmit: (input) => save.mutate(input),
    footer: <FormDialogFooter pending={save.isPending} submitLabel={submitLabel} />,
  });

  return { dialog: { open, onOpenChange }, setOpen, errors, save, form };
}

/** Creates (POST to `createPath`) or, given the item's own path, updates it (PATCH). */
export function saveTo<T>(itemPath: string | undefined, createPath: string, body: unknown): Promise<T> {
  return api<T>(itemPath ?? createPath, { method: itemPath ? "PATCH" : "POST", body });
}

/**
 * The server vets a URL (DNS, private addresses) and answers a plain 400 without naming the field:
 * put its message under the URL field. Returns false when the error is something else.
 */
export function urlErrorOnField<F extends string>(
  errors: FormErrors<F>,
  field: F,
  error: Error,
  urlGiven: boolean,
): boolean {
  if (!(error instanceof ApiError && error.code === "bad_request" && !error.details.length && urlGiven))
    return false;
  errors.setFormError(null);
  errors.setFieldErrors({ [field]: error.message } as Partial<Record<F, string>>);
  return true;
}

/** The usual trigger: "Edit" on an existing item (an icon alone when `compact`), "+ <label>" otherwise. */
export function CreateOrEditTrigger({
  editing,
  createLabel,
  compact = false,
  ...props
}: ButtonProps & {
  /** The existing item's name; absent when creating. */
  editing?: string;
  createLabel: string;
  compact?: boolean;
}) {
  // `props` carries what DialogTrigger's Slot hands down (ref, onClick, aria-expanded…).
  if (editing === undefined)
    return (
      <Button {...props}>
        <Plus aria-hidden="true" />
        {createLabel}
      </Button>
    );
  return (
    <Button
      variant={compact ? "ghost" : "outline"}
      size={compact ? "icon" : "sm"}
      className={compact ? "size-8" : undefined}
      aria-label={`Edit ${editing}`}
      {...props}
    >
      <Pencil aria-hidden="true" />
      {compact ? null : "Edit"}
    </Button>
  );
}

/** Cancel and submit, for the end of a dialog's form; both wait while the request runs. */
export function FormDialogFooter({
  pending,
  submitLabel,
  cancelLabel = "Cancel",
  submitDisabled,
}: {
  pending: boolean;
  submitLabel: ReactNode;
  cancelLabel?: ReactNode;
  submitDisabled?: boolean;
}) {
  return (
    <DialogFooter>
      <DialogClose asChild>
        <Button type="button" variant="outline" disabled={pending}>
          {cancelLabel}
        </Button>
      </DialogClose>
      <Button type="submit" loading={pending} disabled={submitDisabled}>
        {submitLabel}
      </Button>
    </DialogFooter>
  );
}

/** The dialog around a create/edit form: trigger, a body that scrolls on short screens, title and description. */
export function FormDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: ReactElement;
  title: ReactNode;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children}
      </DialogContent>
    </Dialog>
  );
}

/** A create/edit dialog's words: the create button (also the create submit), the create title, and the two descriptions. */
export interface CreateEditText {
  add: string;
  title: string;
  create: ReactNode;
  edit: ReactNode;
}

/** FormDialog for one item type: "+ add" or "Edit" trigger, "New …" or "Edit <name>" title. */
export function CreateEditDialog({
  dialog,
  editing,
  compact,
  text,
  children,
}: {
  dialog: { open: boolean; onOpenChange: (open: boolean) => void };
  /** The existing item's name; absent when creating. */
  editing?: string;
  compact?: boolean;
  text: CreateEditText;
  children: ReactNode;
}) {
  return (
    <FormDialog
      {...dialog}
      trigger={<CreateOrEditTrigger editing={editing} createLabel={text.add} compact={compact} />}
      title={editing === undefined ? text.title : `Edit ${editing}`}
      description={editing === undefined ? text.create : text.edit}
    >
      {children}
    </FormDialog>
  );
}
