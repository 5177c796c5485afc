/**
 * Classes and departments (QuickBooks may call them locations or divisions): a default and one per
 * BigCommerce channel, offered only when the company tracks them. Choices saved while tracking was on
 * stay visible (with the reason they can't be used) so the merchant can clear them.
 */
import { FormGroup, InlineMessage, Select, Small, Text } from '@bigcommerce/big-design';
import type { SelectChoice } from '@/lib/settings/settings-view';
import type { SyncSettings } from '@/lib/sync/sync-settings';
import { chosen, optionalChoiceOptions, Pair, SettingsSection, SubHeading, type SectionProps } from './settings-section-kit';

type Kind = 'classes' | 'departments';

function TrackedChoices({
  kind,
  term,
  tracked,
  choices,
  view,
  draft,
  update,
  errorFor,
}: SectionProps & { kind: Kind; term: string; tracked: boolean; choices: readonly SelectChoice[] | undefined }) {
  const current: SyncSettings[Kind] = draft[kind];
  const anyChosen = Boolean(current.defaultId) || Object.keys(current.byChannel).length > 0;
  const plural = `${term}${term.endsWith('s') ? 'es' : 's'}`;
  if (!tracked && !anyChosen) {
    return <Text>{`${capitalise(term)} tracking is off in QuickBooks, so documents carry no ${term}.`}</Text>;
  }
  const channels = [
    ...view.bigcommerce.channels,
    ...Object.keys(current.byChannel)
      .map(Number)
      .filter((id) => !view.bigcommerce.channels.some((channel) => channel.value === id))
      .map((id) => ({ value: id, label: `Channel ${id}` })),
  ];
  return (
    <>
      {!tracked ? (
        <InlineMessage
          type="warning"
          messages={[{ text: `${capitalise(term)} tracking is off in QuickBooks, so the ${plural} chosen here can’t be used. Clear them to save.` }]}
          actions={[{ text: `Clear ${plural}`, onClick: () => update((next) => (next[kind] = { byChannel: {} })) }]}
        />
      ) : null}
      <Pair>
        <FormGroup>
          <Select
            label={`Default ${term}`}
            description={`For orders from channels without their own ${term}.`}
            options={optionalChoiceOptions(`No ${term}`, choices, current.defaultId)}
            value={current.defaultId ?? ''}
            onOptionChange={(value) => update((next) => (next[kind].defaultId = chosen(value)))}
            error={errorFor(`${kind}.defaultId`)}
            disabled={!tracked && !current.defaultId}
            filterable
          />
        </FormGroup>
        {channels.map((channel) => {
          const key = String(channel.value);
          return (
            <FormGroup key={key}>
              <Select
                label={`${capitalise(term)} for ${channel.label}`}
                options={optionalChoiceOptions(`Default ${term}`, choices, current.byChannel[key])}
                value={current.byChannel[key] ?? ''}
                onOptionChange={(value) =>
                  update((next) => {
                    const id = chosen(value);
                    if (id) next[kind].byChannel[key] = id;
                    else delete next[kind].byChannel[key];
                  })
                }
                error={errorFor(`${kind}.byChannel.${key}`)}
                disabled={!tracked && !current.byChannel[key]}
                filterable
              />
            </FormGroup>
          );
        })}
      </Pair>
    </>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function ClassesDepartmentsSection(props: SectionProps) {
  const facts = props.view.quickbooks.facts;
  if (!facts) return null;
  const departmentTerm = (facts.departmentTerminology?.trim() || 'location').toLowerCase();
  return (
    <SettingsSection id="settings-classes" title={`Classes and ${departmentTerm}s`} description="Tag each document by the channel the order came through.">
      <SubHeading>Classes</SubHeading>
      <TrackedChoices {...props} kind="classes" term="class" tracked={facts.classTracking !== 'off'} choices={props.view.quickbooks.options?.classes} />
      {facts.classTracking === 'per-line' ? <Small>QuickBooks tracks classes per line: every line of a document gets the class.</Small> : null}
      <SubHeading>{capitalise(departmentTerm)}s</SubHeading>
      <TrackedChoices
        {...props}
        kind="departments"
        term={departmentTerm}
        tracked={facts.departmentTracking}
        choices={props.view.quickbooks.options?.departments}
      />
    </SettingsSection>
  );
}
