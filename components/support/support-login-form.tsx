/** Staff sign-in: username and password, one generic error for wrong credentials, a clear wait on 429. */
import { Button, Form, FormGroup, Input, Message, Panel, Text } from '@bigcommerce/big-design';
import { useRef, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import { SupportApiError, supportFetch } from '@/lib/client/use-support-api';

const Narrow = styled.div`
  max-width: 28rem;
`;

export function SupportLoginForm({ onSignedIn }: { onSignedIn(): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await supportFetch('/api/support/login', { method: 'POST', json: { username, password } });
      setPassword('');
      onSignedIn();
    } catch (failure) {
      setPassword('');
      if (failure instanceof SupportApiError && failure.status === 429) {
        const minutes = Math.max(1, Math.ceil((failure.retryAfterSeconds ?? 60) / 60));
        setError(`Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
      } else if (failure instanceof SupportApiError && failure.status === 401) {
        setError('Wrong username or password.');
      } else {
        setError(failure instanceof Error ? failure.message : 'Sign-in failed; please try again.');
      }
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Narrow>
      <Panel header="Staff sign-in" headerId="support-sign-in">
        <Text>For the app&apos;s support staff. Merchants open the app from their BigCommerce control panel.</Text>
        <Form onSubmit={(event) => void submit(event)} aria-labelledby="support-sign-in">
          <FormGroup>
            <Input
              label="Username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          </FormGroup>
          <FormGroup>
            <Input
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              ref={passwordRef}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </FormGroup>
          <div role="alert" aria-live="assertive">
            {error ? <Message type="error" messages={[{ text: error }]} marginBottom="medium" /> : null}
          </div>
          <Button type="submit" isLoading={busy} disabled={busy}>
            Sign in
          </Button>
        </Form>
      </Panel>
    </Narrow>
  );
}
