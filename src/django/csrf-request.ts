/**
 * What the CSRF check needs to know about a request, framework-neutral: every adapter's glue fills one of
 * these from its own request object (see csrf-node.ts and csrf-fetch.ts).
 */
export interface CsrfRequest {
  /** The HTTP method, upper case. */
  method: string;
  /** Whether the request came over HTTPS (Django's `request.is_secure()`). */
  secure: boolean;
  /** The `Host` header (Django's `request.get_host()` before the `ALLOWED_HOSTS` check). */
  host: string | undefined;
  /** The port the server received the request on (Django's `request.get_port()`), for the Referer check. */
  port: string;
  /** The `Origin` header, if present (even empty). */
  origin: string | undefined;
  /** The `Referer` header, if present. */
  referer: string | undefined;
  /** The token header (`X-CSRFToken`), if present. */
  headerToken: string | undefined;
  /** The `csrfmiddlewaretoken` field of a form-encoded POST body, if the body was one. */
  formToken: string | undefined;
}

/** Methods RFC 9110 defines as safe: the CSRF check lets them through, as Django does. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Django's form field for the token. */
export const CSRF_FORM_FIELD = 'csrfmiddlewaretoken';

/**
 * The token field of a urlencoded body (Django reads `request.POST` only for form content types), or
 * undefined. Django's parser also reads multipart bodies; send the token in the header with those.
 */
export function formTokenOf(
  contentType: string | undefined,
  body: string | URLSearchParams | Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  if (body === undefined || !contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded'))
    return undefined;
  // Django's QueryDict.get takes the last of a repeated field.
  if (typeof body === 'string') return new URLSearchParams(body).getAll(CSRF_FORM_FIELD).at(-1);
  if (body instanceof URLSearchParams) return body.getAll(CSRF_FORM_FIELD).at(-1);
  const value = body[CSRF_FORM_FIELD];
  if (Array.isArray(value)) return typeof value.at(-1) === 'string' ? (value.at(-1) as string) : undefined;
  return typeof value === 'string' ? value : undefined;
}
