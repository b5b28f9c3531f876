// A real OpenID Connect provider for the tests (node's oidc-provider, the certified implementation), on
// 127.0.0.1 only. Its development log-in form accepts any password: the login typed is the account id, whose
// claims come from the accounts file. Usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI ACCOUNTS.json
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri, accountsFile] = process.argv.slice(2);
const accounts = JSON.parse(readFileSync(accountsFile, 'utf8'));

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri],
    grant_types: ['authorization_code'], response_types: ['code'],
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false, // the e-mail claims in the ID token too
  cookies: { keys: ['test-only-cookie-key'] },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, ...(accounts[id] || {}) }),
  }),
  features: { devInteractions: { enabled: true } },
});
provider.on('server_error', (_ctx, error) => { console.error(error); });
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => { console.log('ready'); });
