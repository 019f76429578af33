"use client";

import { type FormEvent, useState } from "react";
import type { DialogFormProps } from "@/components/form-dialog";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { OptionsSelect, optionsOf } from "@/components/ui/options-select";
import { Checkbox } from "../agents/_components/checkbox";
import {
  authTypeLabels,
  type CreateIntegrationBody,
  type Integration,
  type IntegrationAuthType,
  type UpdateIntegrationBody,
} from "./types";

export interface IntegrationFormInput {
  name: string;
  url: string;
  authType: IntegrationAuthType;
  authHeaderName: string | null;
  /** undefined: keep the saved secret. The field is write-only: it is never filled from the server. */
  secret: string | undefined;
  timeoutMs: number;
  enabled: boolean;
}

export type IntegrationField = "name" | "url" | "authType" | "authHeaderName" | "secret" | "timeoutMs";

const AUTH_TYPES: IntegrationAuthType[] = ["none", "bearer", "header"];

export function IntegrationForm({
  existing,
  fieldErrors,
  formError,
  onSubmit,
  footer,
}: DialogFormProps<Integration, IntegrationField, IntegrationFormInput>) {
  const [name, setName] = useState(existing?.name ?? "");
  const [url, setUrl] = useState(existing?.url ?? "");
  const [authType, setAuthType] = useState<IntegrationAuthType>(existing?.authType ?? "bearer");
  const [headerName, setHeaderName] = useState(existing?.authHeaderName ?? "");
  const [secret, setSecret] = useState("");
  const [timeoutSeconds, setTimeoutSeconds] = useState(String((existing?.timeoutMs ?? 30_000) / 1000));
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = secret.trim();
    // Handed over once and not kept in the form.
    setSecret("");
    onSubmit({
      name: name.trim(),
      url: url.trim(),
      authType,
      authHeaderName: authType === "header" ? headerName.trim() : null,
      secret: authType === "none" || !value ? undefined : value,
      timeoutMs: Math.round(Number(timeoutSeconds) * 1000),
      enabled,
    });
  }

  const savedHint = existing?.hasSecret ? existing.secretHint : null;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4">
      <FormField id="integration-name" label="Name" error={fieldErrors.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Orders" maxLength={80} />
      </FormField>
      <FormField
        id="integration-url"
        label="MCP endpoint URL"
        error={fieldErrors.url}
        description="The server's Streamable HTTP endpoint. Private addresses must be allowed by the operator (SSRF_ALLOWLIST)."
      >
        <Input
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://mcp.example.com/mcp"
          autoComplete="off"
          spellCheck={false}
        />
      </FormField>
      <FormField id="integration-auth" label="Authentication" error={fieldErrors.authType}>
        <OptionsSelect
          value={authType}
          onValueChange={setAuthType}
          options={optionsOf(AUTH_TYPES, authTypeLabels)}
          className="w-full"
        />
      </FormField>
      {authType === "header" ? (
        <FormField id="integration-header" label="Header name" error={fieldErrors.authHeaderName}>
          <Input
            value={headerName}
            onChange={(e) => setHeaderName(e.target.value)}
            placeholder="X-API-Key"
            autoComplete="off"
            spellCheck={false}
          />
        </FormField>
      ) : null}
      {authType !== "none" ? (
        <FormField
          id="integration-secret"
          label={authType === "bearer" ? "Token" : "Key"}
          error={fieldErrors.secret}
          description={
            savedHint
              ? `Saved secret ${savedHint}. Leave empty to keep it (required when the server's address changes).`
              : "Stored encrypted; only its last characters are ever shown again."
          }
        >
          <Input
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="new-password"
            spellCheck={false}
          />
        </FormField>
      ) : null}
      <FormField
        id="integration-timeout"
        label="Timeout per call (seconds)"
        error={fieldErrors.timeoutMs}
        description="Between 1 and 120. A slower answer becomes a tool error the agent can explain."
      >
        <Input
          type="number"
          inputMode="numeric"
          min={1}
          max={120}
          value={timeoutSeconds}
          onChange={(e) => setTimeoutSeconds(e.target.value)}
        />
      </FormField>
      {existing ? (
        <div className="flex items-center gap-2">
          <Checkbox
            id="integration-enabled"
            checked={enabled}
            onCheckedChange={(v) => setEnabled(v === true)}
          />
          <Label htmlFor="integration-enabled">Enabled (agents can call its tools)</Label>
        </div>
      ) : null}
      <FormAlert message={formError} />
      {footer}
    </form>
  );
}

/** POST sends everything; PATCH only what changed, so a rename does not reconnect to the server. */
export function toBody(
  input: IntegrationFormInput,
  existing?: Integration,
): CreateIntegrationBody | UpdateIntegrationBody {
  const secret = input.secret ? { secret: input.secret } : {};
  if (!existing) {
    return {
      name: input.name,
      url: input.url,
      authType: input.authType,
      timeoutMs: input.timeoutMs,
      ...(input.authType === "header" ? { authHeaderName: input.authHeaderName } : {}),
      ...secret,
    };
  }
  const changed = <K extends keyof Integration>(key: K, value: Integration[K]) =>
    existing[key] === value ? {} : { [key]: value };
  return {
    ...changed("name", input.name),
    ...changed("url", input.url),
    ...changed("authType", input.authType),
    ...(input.authType === "header" ? changed("authHeaderName", input.authHeaderName) : {}),
    ...changed("timeoutMs", input.timeoutMs),
    ...changed("enabled", input.enabled),
    ...secret,
  };
}
