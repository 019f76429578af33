"use client";

import { type FormEvent, useState } from "react";
import type { DialogFormProps } from "@/components/form-dialog";
import { Button } from "@/components/ui/button";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OptionsSelect, optionsOf } from "@/components/ui/options-select";
import { CompatiblePresets } from "./compatible-presets";
import {
  type ProviderConnection,
  type ProviderKind,
  providerKinds,
  providerLabels,
  splitModels,
} from "./types";

export interface ProviderFormInput {
  provider: ProviderKind;
  name: string;
  baseUrl: string | null;
  models: string[];
  /** undefined: keep the saved key; null: remove it. */
  apiKey: string | null | undefined;
}

type Field = "provider" | "name" | "baseUrl" | "models" | "apiKey";

const KEY_NEEDED_MESSAGE = "Enter the API key again to change the base URL, or remove the key.";

/** The server stores base URLs trimmed and without a trailing slash; compare them the same way. */
function normalizeBaseUrl(url: string): string {
  const u = url.trim();
  let end = u.length;
  while (end > 0 && u[end - 1] === "/") end--;
  return u.slice(0, end);
}

export function ProviderForm({
  existing,
  fieldErrors,
  formError,
  onSubmit,
  footer,
}: DialogFormProps<ProviderConnection, Field, ProviderFormInput>) {
  const [provider, setProvider] = useState<ProviderKind>(existing?.provider ?? "openai");
  const [name, setName] = useState(existing?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? "");
  const [models, setModels] = useState(existing?.models.join(", ") ?? "");
  const [apiKey, setApiKey] = useState("");
  const [removeKey, setRemoveKey] = useState(false);
  const [keyMissing, setKeyMissing] = useState(false);
  const compatible = provider === "openai_compatible";
  // A saved key is never sent to a new address: moving the connection takes the key again (or its removal).
  const urlChanged =
    Boolean(existing) &&
    compatible &&
    normalizeBaseUrl(baseUrl) !== normalizeBaseUrl(existing?.baseUrl ?? "");
  const keyNeeded = urlChanged && Boolean(existing?.hasApiKey) && !removeKey;
  const apiKeyError =
    fieldErrors.apiKey ?? (keyMissing && keyNeeded && !apiKey.trim() ? KEY_NEEDED_MESSAGE : undefined);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const key = apiKey.trim();
    if (keyNeeded && !key) {
      setKeyMissing(true);
      event.currentTarget.querySelector<HTMLInputElement>("#provider-api-key")?.focus();
      return;
    }
    // The key is handed over once and never kept in this form.
    setApiKey("");
    onSubmit({
      provider,
      name: name.trim() || providerLabels[provider],
      baseUrl: baseUrl.trim() || null,
      models: splitModels(models),
      apiKey: key ? key : removeKey ? null : undefined,
    });
  }

  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4">
      <FormField id="provider-kind" label="Provider" error={fieldErrors.provider}>
        <OptionsSelect
          value={provider}
          onValueChange={setProvider}
          disabled={Boolean(existing)}
          options={optionsOf(providerKinds, providerLabels)}
          className="w-full"
        />
      </FormField>
      {compatible && !existing ? (
        <CompatiblePresets
          onPick={(p) => {
            setBaseUrl(p.baseUrl);
            if (!name.trim()) setName(p.name);
            if (!models.trim()) setModels(p.models);
          }}
        />
      ) : null}
      <FormField id="provider-name" label="Name" error={fieldErrors.name}>
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={providerLabels[provider]}
          maxLength={80}
          autoComplete="off"
        />
      </FormField>
      {compatible ? (
        <FormField
          id="provider-base-url"
          label="Base URL"
          error={fieldErrors.baseUrl}
          description="The server's OpenAI-style API root, usually ending in /v1. Local and private addresses must be allowed by the operator (SSRF_ALLOWLIST)."
        >
          <Input
            type="url"
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.target.value)}
            placeholder="http://localhost:11434/v1"
            autoComplete="off"
            spellCheck={false}
          />
        </FormField>
      ) : null}
      <FormField
        id="provider-models"
        label="Models"
        error={fieldErrors.models}
        description={
          compatible
            ? "Model ids this server serves, comma-separated (e.g. llama3.2, qwen2.5:7b)."
            : "Optional, comma-separated. Leave empty to offer this provider's common models."
        }
      >
        <Input
          value={models}
          onChange={(e) => setModels(e.target.value)}
          placeholder={compatible ? "llama3.2" : "gpt-4o-mini, gpt-4o"}
          autoComplete="off"
          spellCheck={false}
        />
      </FormField>
      <FormField
        id="provider-api-key"
        label={keyNeeded ? "API key (required to change the base URL)" : "API key"}
        error={apiKeyError}
        description={
          keyNeeded
            ? "Enter the key again, or remove it: the saved key is never sent to a new address."
            : existing?.hasApiKey
              ? removeKey
                ? "The stored key will be removed when you save."
                : `Saved key ${existing.apiKeyHint ?? ""}. Leave empty to keep it.`
              : compatible
                ? "Optional for servers that need none (Ollama, LM Studio)."
                : "Stored encrypted; only its last characters are ever shown again."
        }
      >
        <Input
          type="password"
          autoComplete="off"
          required={keyNeeded}
          aria-required={keyNeeded || undefined}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          disabled={removeKey}
          spellCheck={false}
        />
      </FormField>
      {existing?.hasApiKey ? (
        <div>
          <Button type="button" variant="ghost" size="sm" onClick={() => setRemoveKey((r) => !r)}>
            {removeKey ? "Keep key" : "Remove key"}
          </Button>
        </div>
      ) : null}
      <FormAlert message={formError} />
      {footer}
    </form>
  );
}
