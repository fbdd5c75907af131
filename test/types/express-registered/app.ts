// Type test: an app declares its session data once (Register), and req.session is typed with it in
// every route, without a `declare global` of its own. Compiled against Express 5's and Express 4's types.
import express from 'express';
import { getSession, session } from 'signed-cookie-session/express';

interface Cart {
  items: string[];
  user?: string;
}

declare module 'signed-cookie-session/express' {
  interface Register {
    data: Cart;
  }
}

const app = express();
app.use(session({ secret: 'a-type-test-secret-that-is-long-enough-0123456789' }));
app.get('/', (req, res) => {
  const items: string[] = req.session.get('items', []);
  req.session.set('items', [...items, 'sku-1']);
  req.session.set('user', 'ada');
  // @ts-expect-error -- not a key of Cart
  req.session.set('visits', 1);
  // @ts-expect-error -- user is a string
  req.session.set('user', 1);
  const same: string | undefined = getSession(req).get('user');
  res.json({ items, same });
});
app.post('/', (req, res, next) => {
  // @ts-expect-error -- the registered data types every route, not only one
  const wrong: number = req.session.get('items', []);
  next(wrong);
});
