/**
 * Previous / Next over cursor pages (the API hands out a cursor for the next page only, so the caller keeps the
 * stack of cursors it came through). Says which page is shown, for screen readers too.
 */
import { Button, Flex, Small } from '@bigcommerce/big-design';

export function CursorPager({
  page,
  hasPrevious,
  hasNext,
  busy,
  onPrevious,
  onNext,
}: {
  /** 1-based. */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  busy: boolean;
  onPrevious(): void;
  onNext(): void;
}) {
  return (
    <nav aria-label="Activity pages">
      <Flex flexDirection="row" flexGap="0.5rem" alignItems="center" justifyContent="flex-end">
        <Small marginBottom="none" aria-live="polite">
          Page {page}
        </Small>
        <Button type="button" variant="secondary" disabled={!hasPrevious || busy} onClick={onPrevious}>
          Previous
        </Button>
        <Button type="button" variant="secondary" disabled={!hasNext || busy} onClick={onNext}>
          Next
        </Button>
      </Flex>
    </nav>
  );
}
