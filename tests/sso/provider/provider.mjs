// Test only: a real OpenID Connect provider for the single sign-on tests.
//   node provider.mjs <port> <redirect_uri> <post_logout_redirect_uri> <accounts.json>
// Any login name is accepted on the provider's own login page (devInteractions). The claims of
// a login come from accounts.json, read at every request, so a test can change a person's
// department or groups between two sign-ins; a name not in the file gets plain claims.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, redirectUri, postLogoutUri, accountsFile] = process.argv.slice(2);

function claimsOf(login) {
  const accounts = JSON.parse(readFileSync(accountsFile, 'utf8'));
  const claims = accounts[login] ?? {
    email: `${login}@example.test`, email_verified: true, name: `Test ${login}`,
  };
  return { sub: login, preferred_username: login, ...claims };
}

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'servicedesk',
    client_secret: 'servicedesk-test-secret',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true }, // every client, not only public ones
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'department', 'groups', 'manager_email'],
  },
  findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => claimsOf(sub) }),
  cookies: { keys: ['test-only-cookie-key'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
});
provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`test OpenID provider on http://127.0.0.1:${port}`);
});
