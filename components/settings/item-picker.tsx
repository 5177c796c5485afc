/**
 * Choosing a QuickBooks product or service: a search dialog over the company's active items (name or SKU)
 * and a compact picker built on it for the settings that name one item (shipping, fallback, rounding…).
 */
import { Box, Button, Fieldset, Flex, InlineMessage, Message, Modal, ProgressCircle, Search, Table, Text } from '@bigcommerce/big-design';
import { useState, type FormEvent } from 'react';
import { useApi } from '@/lib/client/use-api';
import { QUICKBOOKS_ITEMS_API } from '@/lib/client/use-settings';
import type { QuickBooksItemChoice } from '@/lib/settings/quickbooks-items';
import type { ReferencedItem } from '@/lib/settings/settings-validation';

export function QuickBooksItemSearchModal({
  isOpen,
  header,
  onClose,
  onChoose,
}: {
  isOpen: boolean;
  header: string;
  onClose(): void;
  onChoose(item: QuickBooksItemChoice): void;
}) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const { data, error, isLoading } = useApi<{ items: QuickBooksItemChoice[] }>(
    isOpen ? `${QUICKBOOKS_ITEMS_API}?search=${encodeURIComponent(query)}` : null,
  );
  // The dialog is portalled, but React still bubbles its submit to the settings form: stop it here.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    event.stopPropagation();
    setQuery(text.trim());
  };
  const items = data?.items ?? [];

  return (
    <Modal isOpen={isOpen} header={header} onClose={onClose} closeOnEscKey actions={[{ text: 'Cancel', variant: 'subtle', onClick: onClose }]}>
      <Search
        aria-label="Search QuickBooks products and services by name or SKU"
        placeholder="Name or SKU"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onSubmit={submit}
      />
      <Box marginTop="medium" aria-live="polite">
        {isLoading ? (
          <Flex justifyContent="center" padding="medium">
            <ProgressCircle size="small" />
          </Flex>
        ) : error ? (
          <Message type="error" header="QuickBooks items could not be searched" messages={[{ text: error.message }]} />
        ) : items.length === 0 ? (
          <Text>{query ? `No active product or service matches “${query}”.` : 'QuickBooks has no active products or services yet.'}</Text>
        ) : (
          <Table
            itemName="QuickBooks items"
            keyField="id"
            items={items}
            columns={[
              { header: 'Name', hash: 'name', render: ({ name }) => name },
              { header: 'SKU', hash: 'sku', render: ({ sku }) => sku ?? '—' },
              { header: 'Type', hash: 'type', render: ({ type }) => type ?? '—' },
              {
                header: 'Choose',
                hideHeader: true,
                hash: 'choose',
                align: 'right',
                render: (item) => (
                  <Button type="button" variant="secondary" onClick={() => onChoose(item)} aria-label={`Choose ${item.name}`}>
                    Choose
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Box>
    </Modal>
  );
}

/** One optional item setting: shows the chosen item (or the automatic behaviour), change or clear it. */
export function ItemPicker({
  label,
  description,
  value,
  known,
  automaticLabel,
  disabled,
  error,
  onChange,
}: {
  label: string;
  description?: string;
  value: string | undefined;
  /** Items the settings already name, with their names (from the settings view). */
  known: readonly ReferencedItem[];
  automaticLabel: string;
  disabled?: boolean;
  error?: string | undefined;
  onChange(itemId: string | undefined): void;
}) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<QuickBooksItemChoice>();
  const name = value ? (picked?.id === value ? picked.name : (known.find((item) => item.id === value)?.name ?? `QuickBooks item ${value}`)) : undefined;

  return (
    <Fieldset legend={label} {...(description ? { description } : {})}>
      <Flex alignItems="center" flexGap="0.75rem" flexWrap="wrap">
        <Text marginBottom="none">{name ? <strong>{name}</strong> : automaticLabel}</Text>
        <Button type="button" variant="secondary" disabled={disabled} onClick={() => setOpen(true)} aria-label={`${value ? 'Change' : 'Choose'} ${label.toLowerCase()}`}>
          {value ? 'Change…' : 'Choose an item…'}
        </Button>
        {value ? (
          <Button type="button" variant="subtle" disabled={disabled} onClick={() => onChange(undefined)} aria-label={`Clear ${label.toLowerCase()}`}>
            Clear
          </Button>
        ) : null}
      </Flex>
      {error ? (
        <Box marginTop="xSmall">
          <InlineMessage type="error" messages={[{ text: error }]} />
        </Box>
      ) : null}
      <QuickBooksItemSearchModal
        isOpen={open}
        header={label}
        onClose={() => setOpen(false)}
        onChoose={(item) => {
          setPicked(item);
          setOpen(false);
          onChange(item.id);
        }}
      />
    </Fieldset>
  );
}
