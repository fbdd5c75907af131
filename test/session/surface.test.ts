/**
 * SessionStore's public surface, as the type checker sees it (inherited members included): Django's
 * session API, its async twins, and what the README documents. A new public member fails this test, so
 * adding one is a decision; what the HTTP core needs beyond it is `sessionLifecycle`, not exported.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ts from 'typescript';

const DJANGO = [
  'get',
  'set',
  'has',
  'remove',
  'pop',
  'setdefault',
  'update',
  'keys',
  'values',
  'items',
  'clear',
  'isEmpty',
  'setTestCookie',
  'testCookieWorked',
  'deleteTestCookie',
  'getSessionCookieAge',
  'setExpiry',
  'getExpiryAge',
  'getExpiryDate',
  'getExpireAtBrowserClose',
  'flush',
  'cycleKey',
  'exists',
  'create',
  'save',
  'delete',
  'load',
  'encode',
  'decode',
  'sessionKey',
  'accessed',
  'modified',
];
const ASYNC = [
  'aget',
  'aset',
  'ahas',
  'aremove',
  'apop',
  'asetdefault',
  'aupdate',
  'akeys',
  'avalues',
  'aitems',
  'asetTestCookie',
  'atestCookieWorked',
  'adeleteTestCookie',
  'asetExpiry',
  'agetExpiryAge',
  'agetExpiryDate',
  'agetExpireAtBrowserClose',
  'aflush',
  'acycleKey',
  'aexists',
  'acreate',
  'asave',
  'adelete',
  'aload',
];
/** Ours, documented in the README: the settings, when the cookie was signed, why it was refused, rotation. */
const DOCUMENTED = ['settings', 'signedAt', 'invalidReason', 'needsReissue', 'toJSON'];
const STATIC = ['clearExpired', 'aclearExpired', 'prototype'];

test('SessionStore exposes only the documented API', () => {
  const program = ts.createProgram([new URL('../../src/index.ts', import.meta.url).pathname], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(new URL('../../src/index.ts', import.meta.url).pathname)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(entry)!);
  let store = exported.find((s) => s.name === 'SessionStore')!;
  if (store.flags & ts.SymbolFlags.Alias) store = checker.getAliasedSymbol(store);
  const isPublic = (member: ts.Symbol) =>
    !member.name.startsWith('#') &&
    !(member.declarations ?? []).some(
      (d) => ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected),
    );
  const instance = checker
    .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(store))
    .filter(isPublic)
    .map((m) => m.name);
  const statics = checker
    .getPropertiesOfType(checker.getTypeOfSymbol(store))
    .filter(isPublic)
    .map((m) => m.name);
  assert.deepEqual(instance.sort(), [...DJANGO, ...ASYNC, ...DOCUMENTED].sort());
  assert.deepEqual(statics.sort(), [...STATIC].sort());
});
