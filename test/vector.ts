/** The shape of one Django 3.2 vector (test/fixtures/django-3.2-public.json); its `meta.fields` documents each. */
export interface Vector {
  id: string;
  kind: string;
  group: string;
  secret: string;
  salt: string | null;
  algorithm: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  sep?: string;
  now: number | null;
  max_age?: number | null;
  compress?: boolean;
  input: unknown;
  input_json?: string;
  expected?: unknown;
  expected_session?: Record<string, unknown>;
  compressed?: boolean;
  reset?: boolean;
  error?: string;
  error_is_bad_signature?: boolean;
  tags?: string[];
  js_hazards?: string[];
  note?: string;
}
