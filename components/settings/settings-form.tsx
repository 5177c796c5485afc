/**
 * The settings page body: loads the settings view, keeps an editable draft, saves it with one button and
 * shows the API's per-field errors (422) beside the fields and in a summary that takes focus, so keyboard
 * and screen-reader users land on what to fix. The items section below the form acts on its own.
 */
import { Box, Button, Form, Message, Small } from '@bigcommerce/big-design';
import { LoadingState } from '@/components/loading-state';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import { useSession } from '@/lib/client/session-context';
import { useApi } from '@/lib/client/use-api';
import { saveSettingsRequest, SETTINGS_API, type SettingsForm as SettingsFormBody } from '@/lib/client/use-settings';
import type { FieldError } from '@/lib/settings/settings-validation';
import type { SettingsView } from '@/lib/settings/settings-view';
import type { SyncSettings } from '@/lib/sync/sync-settings';
import { AccountsPaymentsSection } from './accounts-payments-section';
import { AdvancedSection } from './advanced-section';
import { ClassesDepartmentsSection } from './classes-departments-section';
import { DocumentsSection } from './documents-section';
import { ItemsSection } from './items-section';
import { NumberingGuestsSection } from './numbering-guests-section';
import type { SectionProps } from './settings-section-kit';
import { TaxSection } from './tax-section';

const SaveBar = styled.div`
  position: sticky;
  bottom: 0;
  z-index: 1;
  display: flex;
  flex-wrap: wrap;
  gap: 0.75rem;
  align-items: center;
  justify-content: flex-end;
  padding: 0.75rem 0;
  background: #fff;
  border-top: 1px solid #d9dce9;
`;

const Sections = styled.div`
  display: flex;
  flex-direction: column;
  gap: 1.5rem;
`;

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string; fields: FieldError[] };

function formOf(settings: SyncSettings): SettingsFormBody {
  const { live: _live, startDate: _startDate, ...form } = settings;
  return form;
}

export function SettingsForm() {
  const { data, error, isLoading, mutate } = useApi<SettingsView>(SETTINGS_API, { revalidateOnFocus: false });
  if (isLoading) {
    return (
      <LoadingState label="Loading the settings" />
    );
  }
  if (error || !data) {
    return (
      <Message
        type="error"
        header="The settings could not be loaded"
        messages={[{ text: error?.message ?? 'Please try again.' }]}
        actions={[{ text: 'Try again', onClick: () => void mutate() }]}
      />
    );
  }
  return <LoadedSettings view={data} onSaved={(settings) => void mutate({ ...data, settings }, { revalidate: true })} />;
}

function LoadedSettings({ view, onSaved }: { view: SettingsView; onSaved(settings: SyncSettings): void }) {
  const { state } = useSession();
  const token = state.status === 'ready' ? state.session.token : undefined;
  const [draft, setDraft] = useState<SyncSettings>(view.settings);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const summaryRef = useRef<HTMLDivElement>(null);
  const savedJson = JSON.stringify(formOf(view.settings));
  const dirty = JSON.stringify(formOf(draft)) !== savedJson;

  // A reload that brings other saved settings (another user, another tab) replaces an untouched draft.
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    if (!dirtyRef.current) setDraft(view.settings);
  }, [savedJson, view.settings]);

  useEffect(() => {
    if (save.kind === 'failed') summaryRef.current?.focus();
  }, [save]);

  const update = useCallback((change: (next: SyncSettings) => void) => {
    setDraft((current) => {
      // Settings are plain JSON: a JSON round trip is a full copy (and works where structuredClone is missing).
      const next = JSON.parse(JSON.stringify(current)) as SyncSettings;
      change(next);
      return next;
    });
    setSave((current) => (current.kind === 'saved' ? { kind: 'idle' } : current));
  }, []);

  const errorsByPath = useMemo(() => {
    const map = new Map<string, string[]>();
    if (save.kind === 'failed') for (const field of save.fields) map.set(field.path, [...(map.get(field.path) ?? []), field.message]);
    return map;
  }, [save]);
  const errorFor = useCallback((path: string) => errorsByPath.get(path)?.join(' '), [errorsByPath]);

  const quickbooks = view.quickbooks;
  const connected = quickbooks.status === 'connected' && Boolean(quickbooks.facts);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Dialogs inside the form are portalled, but React bubbles their submits here: only this form's own counts.
    if (event.target !== event.currentTarget || !token || !connected) return;
    setSave({ kind: 'saving' });
    const outcome = await saveSettingsRequest(token, formOf(draft));
    if (outcome.ok) {
      setDraft(outcome.settings);
      setSave({ kind: 'saved' });
      onSaved(outcome.settings);
    } else {
      setSave({ kind: 'failed', message: outcome.message, fields: outcome.fields });
    }
  };

  const sectionProps: SectionProps = { view, draft, update, errorFor };

  return (
    <>
      {!connected ? (
        <Box marginBottom="large">
          <Message
            type="warning"
            header={quickbooks.status === 'needs_reconnect' ? 'Reconnect QuickBooks to change settings' : 'Connect QuickBooks first'}
            messages={[
              {
                text:
                  quickbooks.status === 'needs_reconnect'
                    ? `${quickbooks.statusReason ?? 'QuickBooks stopped accepting the connection.'} Reconnect it on the Overview tab; settings are checked against your QuickBooks lists before they are saved.`
                    : 'Settings are checked against your QuickBooks accounts, items and tax codes, so connect a company on the Overview tab first.',
              },
            ]}
          />
        </Box>
      ) : null}
      {quickbooks.profileError ? (
        <Box marginBottom="large">
          <Message type="warning" header="QuickBooks could not be read just now" messages={[{ text: `${quickbooks.profileError} The lists shown may be out of date.` }]} />
        </Box>
      ) : null}
      {view.bigcommerce.unavailable.length > 0 ? (
        <Box marginBottom="large">
          <Message
            type="info"
            header="Some BigCommerce choices are missing"
            messages={view.bigcommerce.unavailable.map((entry) => ({ text: entry.message }))}
          />
        </Box>
      ) : null}

      {connected ? (
        <Form onSubmit={(event) => void submit(event)} fullWidth aria-labelledby="settings-form-title">
          <h2 id="settings-form-title" hidden>
            Sync settings for {quickbooks.companyName ?? 'QuickBooks'}
          </h2>
          {save.kind === 'failed' ? (
            <Box marginBottom="large" ref={summaryRef} tabIndex={-1} aria-live="assertive">
              <Message
                type="error"
                header={save.message}
                messages={(save.fields.length > 0 ? save.fields : [{ path: '', message: 'Please try again.' }]).map((field) => ({ text: field.message }))}
              />
            </Box>
          ) : null}
          <Sections>
            <DocumentsSection {...sectionProps} />
            <NumberingGuestsSection {...sectionProps} />
            <AccountsPaymentsSection {...sectionProps} />
            <TaxSection {...sectionProps} />
            <ClassesDepartmentsSection {...sectionProps} />
            <AdvancedSection {...sectionProps} />
          </Sections>
          <SaveBar>
            <span aria-live="polite">
              {save.kind === 'saved' ? <Small color="success">Settings saved.</Small> : dirty ? <Small>You have unsaved changes.</Small> : null}
            </span>
            <Button
              type="button"
              variant="subtle"
              disabled={!dirty || save.kind === 'saving'}
              onClick={() => {
                setDraft(view.settings);
                setSave({ kind: 'idle' });
              }}
            >
              Discard changes
            </Button>
            <Button type="submit" isLoading={save.kind === 'saving'} disabled={!dirty && save.kind !== 'failed'}>
              Save settings
            </Button>
          </SaveBar>
        </Form>
      ) : null}

      <Box marginTop="xLarge">
        <ItemsSection view={view} />
      </Box>
    </>
  );
}
