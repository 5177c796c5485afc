/**
 * Items by SKU: the catalog's SKUs and the QuickBooks item each posts to, with the count still unmapped.
 * Unlike the rest of the page this section acts at once: auto-match (by SKU, then name), map one SKU to an
 * item, unmap, or create QuickBooks items for the selected SKUs with the chosen income account.
 */
import { Badge, Box, Button, Flex, Message, Panel, ProgressCircle, Search, Select, Small, Table, Text } from '@bigcommerce/big-design';
import { useState, type FormEvent } from 'react';
import { useSession } from '@/lib/client/session-context';
import { useApi } from '@/lib/client/use-api';
import { ITEMS_API, itemActionRequest, type ItemActionRequest } from '@/lib/client/use-settings';
import type { ItemActionResult, ItemMappingRow, ItemMappingsPage } from '@/lib/settings/item-mappings';
import type { SettingsView } from '@/lib/settings/settings-view';
import { QuickBooksItemSearchModal } from './item-picker';
import { AUTOMATIC, chosen, Grow, optionalChoiceOptions } from './settings-section-kit';

type Filter = 'all' | 'unmapped' | 'mapped';
const FILTERS: Array<{ value: Filter; content: string }> = [
  { value: 'all', content: 'All SKUs' },
  { value: 'unmapped', content: 'Unmapped only' },
  { value: 'mapped', content: 'Mapped only' },
];
const SOURCE: Record<string, string> = { mapped: 'Chosen', matched: 'Matched', created: 'Created' };

type Notice = { type: 'success' | 'info' | 'warning' | 'error'; text: string };

function describeResult(result: ItemActionResult): Notice {
  switch (result.action) {
    case 'auto-match': {
      const more = result.remaining > 0 ? ` ${result.remaining} more are left for the next run.` : '';
      return result.matched.length > 0
        ? { type: 'success', text: `Matched ${result.matched.length} SKU(s) to existing QuickBooks items; ${result.unmatched.length} found no match.${more}` }
        : { type: 'info', text: `No QuickBooks item has the SKU or name of the ${result.unmatched.length} unmapped SKU(s).${more}` };
    }
    case 'create': {
      const parts = [
        result.created.length ? `created ${result.created.length} item(s)` : '',
        result.matched.length ? `mapped ${result.matched.length} to items QuickBooks already had` : '',
      ].filter(Boolean);
      const skipped = result.skipped.map((entry) => `${entry.sku}: ${entry.reason ?? 'skipped'}`).join(' ');
      return { type: result.skipped.length ? 'warning' : 'success', text: `${parts.length ? `Done: ${parts.join(', ')}.` : 'Nothing was created.'} ${skipped}`.trim() };
    }
    case 'map':
      return { type: 'success', text: `${result.mapped.sku || result.mapped.name} now posts to “${result.mapped.itemName}”.` };
    case 'unmap':
      return { type: 'info', text: result.unmapped ? 'Mapping removed. The next order with this SKU is matched or creates an item again.' : 'That SKU was not mapped.' };
  }
}

export function ItemsSection({ view }: { view: SettingsView }) {
  const { state } = useSession();
  const token = state.status === 'ready' ? state.session.token : undefined;
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const [limit, setLimit] = useState(25);
  const [selected, setSelected] = useState<ItemMappingRow[]>([]);
  const [incomeAccount, setIncomeAccount] = useState<string>(view.settings.items.incomeAccountId ?? AUTOMATIC);
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const [mapping, setMapping] = useState<ItemMappingRow>();

  const query = new URLSearchParams({ page: String(page), limit: String(limit), filter, ...(search ? { search } : {}) });
  const { data, error, isLoading, mutate } = useApi<ItemMappingsPage>(`${ITEMS_API}?${query.toString()}`, { keepPreviousData: true });
  const connected = view.quickbooks.status === 'connected';

  const run = async (label: string, request: ItemActionRequest) => {
    if (!token) return;
    setBusy(label);
    setNotice(undefined);
    try {
      setNotice(describeResult(await itemActionRequest(token, request)));
      setSelected([]);
      await mutate();
    } catch (failure) {
      setNotice({ type: 'error', text: failure instanceof Error ? failure.message : 'The action failed; please try again.' });
    } finally {
      setBusy(undefined);
    }
  };
  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSearch(text.trim());
    setPage(1);
    setSelected([]);
  };
  const creatable = selected.filter((row) => row.sku && !row.mapping);
  const unmapped = data?.unmappedCount ?? 0;

  return (
    <Panel
      header="Items by SKU"
      headerId="settings-items"
      description="Which QuickBooks product or service each BigCommerce SKU posts to. Changes here apply at once."
      {...(data ? { badge: unmapped > 0 ? { label: `${unmapped} unmapped`, variant: 'warning' as const } : { label: 'All mapped', variant: 'success' as const } } : {})}
    >
      {notice ? (
        <Box marginBottom="medium" aria-live="polite">
          <Message type={notice.type} messages={[{ text: notice.text }]} onClose={() => setNotice(undefined)} />
        </Box>
      ) : null}
      {!connected ? (
        <Box marginBottom="medium">
          <Message type="warning" messages={[{ text: 'Connect QuickBooks to match, map or create items.' }]} />
        </Box>
      ) : null}

      <Flex flexGap="1rem" flexWrap="wrap" alignItems="flex-end" marginBottom="medium">
        <Grow>
          <Search aria-label="Search SKUs, products and QuickBooks items" placeholder="SKU or product name" value={text} onChange={(event) => setText(event.target.value)} onSubmit={submitSearch} />
        </Grow>
        <Select
          label="Show"
          options={FILTERS}
          value={filter}
          onOptionChange={(value) => {
            if (!value) return;
            setFilter(value);
            setPage(1);
            setSelected([]);
          }}
        />
      </Flex>

      <Flex flexGap="1rem" flexWrap="wrap" alignItems="flex-end" marginBottom="medium">
        <Button type="button" variant="secondary" disabled={!connected || Boolean(busy) || unmapped === 0} isLoading={busy === 'auto-match'} onClick={() => void run('auto-match', { action: 'auto-match' })}>
          Auto-match unmapped SKUs
        </Button>
        <Select
          label="Income account for created items"
          options={optionalChoiceOptions('Automatic (as in Accounts)', view.quickbooks.options?.incomeAccounts, incomeAccount)}
          value={incomeAccount}
          onOptionChange={(value) => setIncomeAccount(value ?? AUTOMATIC)}
          disabled={!connected}
        />
        <Button
          type="button"
          disabled={!connected || Boolean(busy) || creatable.length === 0}
          isLoading={busy === 'create'}
          onClick={() => {
            const incomeAccountId = chosen(incomeAccount);
            void run('create', { action: 'create', skus: creatable.map((row) => row.sku), ...(incomeAccountId ? { incomeAccountId } : {}) });
          }}
        >
          {creatable.length > 0 ? `Create ${creatable.length} item(s) in QuickBooks` : 'Create items in QuickBooks'}
        </Button>
      </Flex>
      <Small>Select unmapped SKUs in the table to create QuickBooks items for them. Products without a SKU are matched by name when ordered.</Small>

      <Box marginTop="medium">
        {isLoading && !data ? (
          <Flex justifyContent="center" padding="large">
            <ProgressCircle size="medium" />
          </Flex>
        ) : error ? (
          <Message type="error" header="The catalog could not be read" messages={[{ text: error.message }]} actions={[{ text: 'Try again', onClick: () => void mutate() }]} />
        ) : data ? (
          <>
            {data.truncated ? (
              <Box marginBottom="small">
                <Message type="warning" messages={[{ text: `Only the first ${data.catalogTotal} SKUs of a very large catalog are listed; search to narrow it down.` }]} />
              </Box>
            ) : null}
            <Table
              itemName="SKUs"
              keyField="itemKey"
              items={data.items}
              emptyComponent={
                <Text>{data.catalogTotal === 0 ? 'Your BigCommerce catalog has no products yet.' : 'No SKU matches this search and filter.'}</Text>
              }
              selectable={{ selectedItems: selected, onSelectionChange: setSelected }}
              pagination={{
                currentPage: data.page,
                itemsPerPage: data.limit,
                itemsPerPageOptions: [25, 50, 100],
                totalItems: data.total,
                onPageChange: (next) => {
                  setPage(next);
                  setSelected([]);
                },
                onItemsPerPageChange: (next) => {
                  setLimit(next);
                  setPage(1);
                  setSelected([]);
                },
              }}
              columns={[
                { header: 'SKU', hash: 'sku', render: ({ sku }) => (sku ? <code>{sku}</code> : <Small>No SKU</Small>) },
                { header: 'Product', hash: 'name', render: ({ name, type }) => `${name}${type === 'digital' ? ' (digital)' : ''}` },
                {
                  header: 'QuickBooks item',
                  hash: 'mapping',
                  render: ({ mapping: entry }) =>
                    entry ? (
                      <Flex flexGap="0.5rem" alignItems="center" flexWrap="wrap">
                        <span>{entry.itemName}</span>
                        <Badge label={SOURCE[entry.source] ?? entry.source} variant="secondary" />
                      </Flex>
                    ) : (
                      <Badge label="Unmapped" variant="warning" />
                    ),
                },
                {
                  header: 'Actions',
                  hash: 'actions',
                  align: 'right',
                  render: (row) => (
                    <Flex flexGap="0.5rem" justifyContent="flex-end">
                      <Button type="button" variant="subtle" disabled={!connected || Boolean(busy)} onClick={() => setMapping(row)} aria-label={`Map ${row.sku || row.name} to a QuickBooks item`}>
                        {row.mapping ? 'Change' : 'Map'}
                      </Button>
                      {row.mapping ? (
                        <Button
                          type="button"
                          variant="subtle"
                          actionType="destructive"
                          disabled={Boolean(busy)}
                          onClick={() => void run('unmap', { action: 'unmap', sku: row.sku, ...(row.sku ? {} : { name: row.productName }) })}
                          aria-label={`Unmap ${row.sku || row.name}`}
                        >
                          Unmap
                        </Button>
                      ) : null}
                    </Flex>
                  ),
                },
              ]}
            />
          </>
        ) : null}
      </Box>

      <QuickBooksItemSearchModal
        isOpen={Boolean(mapping)}
        header={mapping ? `QuickBooks item for ${mapping.sku || mapping.name}` : 'QuickBooks item'}
        onClose={() => setMapping(undefined)}
        onChoose={(item) => {
          const row = mapping;
          setMapping(undefined);
          if (row) void run('map', { action: 'map', sku: row.sku, name: row.sku ? row.name : row.productName, itemId: item.id });
        }}
      />
    </Panel>
  );
}
