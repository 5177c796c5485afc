/**
 * What every settings section shares: its props (the loaded view, the draft, how to change it and the
 * field errors of the last save), QuickBooks choices as BigDesign options (inactive ones shown but not
 * selectable unless already chosen), the "automatic" empty choice, and the section frame.
 */
import { Box, H3, Panel, Text } from '@bigcommerce/big-design';
import type { SelectOption } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';
import styled from 'styled-components';
import type { SelectChoice, SettingsView } from '@/lib/settings/settings-view';
import type { SyncSettings } from '@/lib/sync/sync-settings';

export interface SectionProps {
  view: SettingsView;
  draft: SyncSettings;
  /** Applies a change to a copy of the draft. */
  update(change: (draft: SyncSettings) => void): void;
  /** The message(s) the last save returned for a field path, joined. */
  errorFor(path: string): string | undefined;
}

/** The value standing for "nothing chosen" in selects (BigDesign options need a value). */
export const AUTOMATIC = '';

export function choiceOptions(choices: readonly SelectChoice[] | undefined, current?: string): Array<SelectOption<string>> {
  return (choices ?? []).map((choice) => ({
    value: choice.value,
    content: choice.label,
    ...(choice.detail ? { description: choice.detail } : {}),
    disabled: !choice.active && choice.value !== current,
  }));
}

/** Options with a first "automatic / none" entry that stands for undefined. */
export function optionalChoiceOptions(automaticLabel: string, choices: readonly SelectChoice[] | undefined, current?: string): Array<SelectOption<string>> {
  return [{ value: AUTOMATIC, content: automaticLabel }, ...choiceOptions(choices, current)];
}

/** '' (automatic) → undefined; anything else as chosen. */
export function chosen(value: string | undefined): string | undefined {
  return value === undefined || value === AUTOMATIC ? undefined : value;
}

export function SettingsSection({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Panel header={title} headerId={id} {...(description ? { description } : {})}>
      <Stack>{children}</Stack>
    </Panel>
  );
}

export function SubHeading({ children }: { children: ReactNode }) {
  return (
    <Box marginTop="small">
      <H3 marginBottom="xSmall">{children}</H3>
    </Box>
  );
}

export function Hint({ children }: { children: ReactNode }) {
  return (
    <Text color="secondary60" marginBottom="none">
      {children}
    </Text>
  );
}

/** Vertical rhythm between the controls of a section. */
export const Stack = styled.div`
  display: flex;
  flex-direction: column;
  gap: 1.25rem;
  max-width: 56rem;
`;

/** Two controls side by side where there is room. */
export const Pair = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
  gap: 1rem;
  align-items: start;
`;

/** Takes the free width in a row (a select beside its button). */
export const Grow = styled.div`
  flex-grow: 1;
`;
