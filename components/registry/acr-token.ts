/**
 * ACR push credentials without the admin user: exchange the deployer's Azure AD access token
 * for an ACR refresh token (`POST https://<registry>/oauth2/exchange`), the way `az acr login`
 * does. The registry accepts it as the password of the fixed user below.
 */
import * as pulumi from "@pulumi/pulumi";

/** The username ACR expects with an exchanged refresh token. */
export const ACR_TOKEN_USERNAME = "00000000-0000-0000-0000-000000000000";

/** Exchange an AAD token for an ACR refresh token. */
export type AcrTokenExchange = (loginServer: string, aadToken: string) => Promise<string>;

/** The exchange could not be made. */
export class AcrTokenError extends pulumi.RunError {
  constructor(loginServer: string, reason: string) {
    super(`cannot get push credentials for ACR ${loginServer}: ${reason}`);
    this.name = "AcrTokenError";
  }
}

/** The real exchange over HTTPS, bounded to 15 s. */
export const exchangeAcrToken: AcrTokenExchange = async (loginServer, aadToken) => {
  const res = await fetch(`https://${loginServer}/oauth2/exchange`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "access_token", service: loginServer, access_token: aadToken }).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status !== 200) throw new AcrTokenError(loginServer, `token exchange answered HTTP ${res.status}`);
  const body = (await res.json()) as { refresh_token?: string };
  if (!body.refresh_token) throw new AcrTokenError(loginServer, "token exchange returned no refresh_token");
  return body.refresh_token;
};
