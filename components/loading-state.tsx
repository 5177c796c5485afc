/** The one loading indicator for a page or panel: a large spinner, announced as busy with what is loading. */
import { Flex, ProgressCircle } from '@bigcommerce/big-design';

export function LoadingState({ label, padding = 'xxLarge' }: { label: string; padding?: 'xLarge' | 'xxLarge' }) {
  return (
    <Flex justifyContent="center" padding={padding} aria-busy="true" aria-label={label}>
      <ProgressCircle size="large" />
    </Flex>
  );
}
