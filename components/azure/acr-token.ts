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

/**
 * The exchange could not be made: the registry was unreachable, answered other than HTTP 200,
 * or returned no refresh token. The message names the registry and the reason.
 *
 * @example
 * ```ts
 * import { AcrTokenError, exchangeAcrToken } from "@crossarch/components/azure";
 * try {
 *   await exchangeAcrToken("shopacr.azurecr.io", aadToken);
 * } catch (e) {
 *   if (e instanceof AcrTokenError) console.error(e.message); // cannot get push credentials for ACR shopacr.azurecr.io: ...
 * }
 * ```
 */
export class AcrTokenError extends pulumi.RunError {
  constructor(loginServer: string, reason: string) {
    super(`cannot get push credentials for ACR ${loginServer}: ${reason}`);
    this.name = "AcrTokenError";
  }
}

/**
 * The exchange over HTTP(S), bounded to 15 s: against the registry itself by default, or against
 * `endpoint` (a proxy, or the loopback token endpoint the stand-in e2e serves).
 */
export function acrTokenExchange(endpoint?: string): AcrTokenExchange {
  return async (loginServer, aadToken) => {
    const url = endpoint ?? `https://${loginServer}/oauth2/exchange`;
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "access_token", service: loginServer, access_token: aadToken }).toString(),
      signal: AbortSignal.timeout(15_000),
    }).catch((e: Error) => {
      throw new AcrTokenError(loginServer, `token exchange at ${url} failed: ${e.message}`);
    });
    if (res.status !== 200) throw new AcrTokenError(loginServer, `token exchange at ${url} answered HTTP ${res.status}`);
    const body = (await res.json()) as { refresh_token?: string };
    if (!body.refresh_token) throw new AcrTokenError(loginServer, `token exchange at ${url} returned no refresh_token`);
    return body.refresh_token;
  };
}

/** The exchange against the registry itself. */
export const exchangeAcrToken: AcrTokenExchange = acrTokenExchange();
