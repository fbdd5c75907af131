/**
 * The conformance suite's app (test/http/apps.ts) as a Route Handler: /c/<profile>/<scenario>?flags.
 * GET only; Next.js answers HEAD from it.
 */
import type { NextRequest } from 'next/server';
import { OTHER_COOKIES, scenario } from '../../../../../http/scenarios';
import { profile } from '../../../../lib/profiles';

export async function GET(
  request: NextRequest,
  context: { params: Promise<{ profile: string; scenario: string }> },
): Promise<Response> {
  const params = await context.params;
  return profile(params.profile).route(async (req: NextRequest, session) => {
    const url = new URL(req.url);
    const outcome = scenario(new URL(`/${params.scenario}${url.search}`, url), session);
    if (outcome.redirect) return Response.redirect(new URL('/', url), 302); // immutable headers
    const headers = new Headers();
    if (outcome.vary) headers.set('vary', outcome.vary);
    if (outcome.otherCookies) for (const cookie of OTHER_COOKIES) headers.append('set-cookie', cookie);
    return new Response('ok', { status: outcome.status, headers });
  })(request);
}
