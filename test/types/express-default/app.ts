// Type test: without a Register declaration, req.session holds any JSON (SessionData).
import express from 'express';
import type { JsonValue } from 'signed-cookie-session';
import { session } from 'signed-cookie-session/express';

const app = express();
app.use(session({ secret: 'a-type-test-secret-that-is-long-enough-0123456789' }));
app.get('/', (req, res) => {
  req.session.set('anything', { nested: [1, 'two', null] });
  const value: JsonValue | undefined = req.session.get('anything');
  // @ts-expect-error -- a session holds JSON only
  req.session.set('when', new Date());
  res.json(value);
});
