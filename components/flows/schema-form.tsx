"use client";

import { Plus, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OptionsSelect } from "@/components/ui/options-select";
import { Textarea } from "@/components/ui/textarea";
import type { JsonSchema } from "./api-types";

/**
 * A node's config form, generated from its type's JSON schema: strings,
 * numbers, booleans, enums, arrays (of objects: a sub-form per item; of
 * scalars: one per line), nested objects; anything else (records, unions,
 * untyped values) is edited as JSON. Text fields accept {{ expressions }}.
 * `issues` maps a config path ("rules.0.left") to the server's message.
 */
export interface SchemaFormProps {
  idPrefix: string;
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  issues: Record<string, string>;
}

export function SchemaForm({ idPrefix, schema, value, onChange, issues }: SchemaFormProps) {
  return (
    <ObjectFields
      idPrefix={idPrefix}
      path=""
      schema={schema}
      value={value}
      onChange={onChange}
      issues={issues}
    />
  );
}

const typeOf = (s: JsonSchema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
const ACRONYMS: Record<string, string> = { id: "ID", url: "URL", http: "HTTP", json: "JSON", ms: "(ms)" };
/** "agentId" → "Agent ID", "timeoutMs" → "Timeout (ms)", "url" → "URL". */
const humanize = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(" ")
    .map(
      (w, i) =>
        ACRONYMS[w.toLowerCase()] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w.toLowerCase()),
    )
    .join(" ");
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
const fieldId = (prefix: string, path: string) => `${prefix}-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function ObjectFields({
  idPrefix,
  path,
  schema,
  value,
  onChange,
  issues,
}: {
  idPrefix: string;
  path: string;
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  issues: Record<string, string>;
}) {
  const props = Object.entries(schema.properties ?? {});
  return (
    <div className="grid gap-4">
      {props.map(([key, sub]) => (
        <Field
          key={key}
          idPrefix={idPrefix}
          path={join(path, key)}
          label={humanize(key)}
          required={schema.required?.includes(key) ?? false}
          schema={sub}
          value={value[key]}
          onChange={(v) => {
            const next = { ...value };
            if (v === undefined) delete next[key];
            else next[key] = v;
            onChange(next);
          }}
          issues={issues}
        />
      ))}
    </div>
  );
}

function Field({
  idPrefix,
  path,
  label,
  required,
  schema,
  value,
  onChange,
  issues,
}: {
  idPrefix: string;
  path: string;
  label: string;
  required: boolean;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  issues: Record<string, string>;
}) {
  const id = fieldId(idPrefix, path);
  const error = issues[path];
  const description = schema.description;
  const type = typeOf(schema);
  const shown = value === undefined ? schema.default : value;
  const labelText = required ? label : `${label} (optional)`;

  if (schema.enum?.every((e) => typeof e === "string")) {
    const options = (schema.enum as string[]).map((v) => ({ value: v, label: v }));
    return (
      <FormField id={id} label={labelText} error={error} description={description}>
        <OptionsSelect
          value={typeof shown === "string" ? shown : undefined}
          onValueChange={(v) => onChange(v)}
          options={options}
        />
      </FormField>
    );
  }
  if (type === "boolean") {
    return (
      <div className="grid gap-1">
        <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium">
          <input
            id={id}
            type="checkbox"
            className="size-4 accent-primary"
            checked={shown === true}
            aria-invalid={error ? true : undefined}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
        </label>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
        {error ? <p className="text-sm text-destructive">{error}</p> : null}
      </div>
    );
  }
  if (type === "number" || type === "integer") {
    return (
      <FormField id={id} label={labelText} error={error} description={description}>
        <Input
          type="text"
          inputMode="decimal"
          value={typeof shown === "number" ? String(shown) : typeof shown === "string" ? shown : ""}
          onChange={(e) => {
            const raw = e.target.value;
            if (raw.trim() === "") return onChange(undefined);
            const n = Number(raw);
            // An expression or a half-typed number stays text; the server says what is wrong with it.
            onChange(Number.isFinite(n) ? n : raw);
          }}
        />
      </FormField>
    );
  }
  if (type === "string" && schema.widget !== "json") {
    const multiline = schema.widget === "textarea" || schema.widget === "code";
    return (
      <FormField id={id} label={labelText} error={error} description={description}>
        {multiline ? (
          <Textarea
            rows={schema.widget === "code" ? 8 : 4}
            className={schema.widget === "code" ? "font-mono text-xs" : undefined}
            value={typeof shown === "string" ? shown : ""}
            onChange={(e) => onChange(e.target.value === "" && !required ? undefined : e.target.value)}
          />
        ) : (
          <Input
            value={typeof shown === "string" ? shown : ""}
            onChange={(e) => onChange(e.target.value === "" && !required ? undefined : e.target.value)}
          />
        )}
      </FormField>
    );
  }
  if (type === "array" && schema.items && typeOf(schema.items) === "object" && schema.items.properties) {
    const items = Array.isArray(shown) ? (shown as Record<string, unknown>[]) : [];
    const itemSchema = schema.items;
    return (
      <fieldset className="grid gap-3 rounded-md border p-3">
        <legend className="px-1 text-sm font-medium">{labelText}</legend>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
        {error ? <p className="text-sm text-destructive">{error}</p> : null}
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity but their place
          <div key={i} className="grid gap-3 rounded-md bg-muted/40 p-3">
            <div className="flex items-center justify-between">
              <span className="text-xs font-medium text-muted-foreground">
                {label} {i + 1}
              </span>
              <Button
                type="button"
                variant="ghost"
                size="icon"
                aria-label={`Remove ${label} ${i + 1}`}
                onClick={() => onChange(items.filter((_, j) => j !== i))}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            </div>
            <ObjectFields
              idPrefix={idPrefix}
              path={join(path, i)}
              schema={itemSchema}
              value={item && typeof item === "object" ? item : {}}
              onChange={(v) => onChange(items.map((old, j) => (j === i ? v : old)))}
              issues={issues}
            />
          </div>
        ))}
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="justify-self-start"
          onClick={() => onChange([...items, {}])}
        >
          <Plus aria-hidden="true" />
          Add {label.toLowerCase()}
        </Button>
      </fieldset>
    );
  }
  if (
    type === "array" &&
    schema.items &&
    ["string", "number", "integer"].includes(typeOf(schema.items) ?? "")
  ) {
    const numeric = typeOf(schema.items) !== "string";
    const items = Array.isArray(shown) ? shown : [];
    return (
      <FormField id={id} label={labelText} error={error} description={description ?? "One per line"}>
        <Textarea
          rows={3}
          value={items.map(String).join("\n")}
          onChange={(e) => {
            const lines = e.target.value.split("\n");
            onChange(
              lines.map((l) => (numeric && l.trim() !== "" && Number.isFinite(Number(l)) ? Number(l) : l)),
            );
          }}
          onBlur={(e) => {
            const lines = e.target.value.split("\n").filter((l) => l.trim() !== "");
            onChange(
              lines.length || required ? lines.map((l) => (numeric ? Number(l) : l.trim())) : undefined,
            );
          }}
        />
      </FormField>
    );
  }
  if (type === "object" && schema.properties && !schema.widget) {
    return (
      <fieldset className="grid gap-3 rounded-md border p-3">
        <legend className="px-1 text-sm font-medium">{labelText}</legend>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
        <ObjectFields
          idPrefix={idPrefix}
          path={path}
          schema={schema}
          value={shown && typeof shown === "object" ? (shown as Record<string, unknown>) : {}}
          onChange={onChange}
          issues={issues}
        />
      </fieldset>
    );
  }
  return (
    <JsonField
      id={id}
      label={labelText}
      error={error}
      description={description}
      value={shown}
      loose={type === undefined}
      onChange={onChange}
    />
  );
}

/**
 * JSON text for records, unions and untyped values. An untyped value ("loose")
 * that is not JSON is kept as text, so `{{ $trigger.x }}` or `whatsapp` work as typed.
 */
function JsonField({
  id,
  label,
  error,
  description,
  value,
  loose,
  onChange,
}: {
  id: string;
  label: string;
  error?: string;
  description?: string;
  value: unknown;
  loose: boolean;
  onChange: (value: unknown) => void;
}) {
  const [text, setText] = useState(() => formatJson(value, loose));
  const [bad, setBad] = useState<string | null>(null);
  // Undo/redo replace the value from outside: show it unless it is what the text already says.
  useEffect(() => {
    setText((cur) => (safeParse(cur, loose) === JSON.stringify(value) ? cur : formatJson(value, loose)));
  }, [value, loose]);
  const multiline = !loose || (typeof value === "object" && value !== null);
  const commit = (raw: string) => {
    setText(raw);
    if (raw.trim() === "") {
      setBad(null);
      return onChange(undefined);
    }
    try {
      onChange(JSON.parse(raw));
      setBad(null);
    } catch {
      if (loose) {
        setBad(null);
        onChange(raw);
      } else setBad("Not valid JSON yet");
    }
  };
  return (
    <FormField id={id} label={label} error={bad ?? error} description={description}>
      {multiline ? (
        <Textarea
          rows={4}
          className="font-mono text-xs"
          value={text}
          onChange={(e) => commit(e.target.value)}
        />
      ) : (
        <Input value={text} onChange={(e) => commit(e.target.value)} />
      )}
    </FormField>
  );
}

function formatJson(v: unknown, loose: boolean): string {
  return v === undefined ? "" : loose && typeof v === "string" ? v : JSON.stringify(v, null, 2);
}

function safeParse(raw: string, loose: boolean): string | undefined {
  if (raw.trim() === "") return undefined;
  try {
    return JSON.stringify(JSON.parse(raw));
  } catch {
    return loose ? JSON.stringify(raw) : undefined;
  }
}
