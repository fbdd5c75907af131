/**
 * The operations every bench times, one place for all of them: save, load and roundtrip (load, change
 * one field, save) of a subject on a payload. Besides the payloads of bench/payloads.ts, `largeDjango` is
 * the large session in a cookie Django wrote (the store's lossless re-save path; ours only), and the
 * subject `floor: HMAC-SHA256` is one HMAC over the bytes our own token signs for the payload, whatever
 * the operation.
 */
import { hmacFloor } from './floors.js';
import { large, largeDjangoText, PAYLOADS, type PayloadName } from './payloads.js';
import { djangoCookie, type Subject, SUBJECTS } from './subjects.js';

export const OPS = ['save', 'load', 'roundtrip'] as const;
export type Op = (typeof OPS)[number];
export type CaseName = PayloadName | 'largeDjango';
export const HMAC_FLOOR = 'floor: HMAC-SHA256';
export const OURS_SYNC = 'signed-cookie-session (sync)';

export interface Prepared {
  /** The cookie value `load` and `roundtrip` start from. */
  cookie: string;
  ops: Record<Op, () => unknown>;
}

/** The subject's three operations on one payload. */
export async function prepare(subject: Subject, payload: CaseName): Promise<Prepared> {
  const data = payload === 'largeDjango' ? large : PAYLOADS[payload];
  const cookie = payload === 'largeDjango' ? djangoCookie(largeDjangoText) : await subject.save(data);
  return {
    cookie,
    ops: {
      save: () => subject.save(data),
      load: () => subject.load(cookie),
      roundtrip: () => subject.roundtrip(cookie),
    },
  };
}

/** The HMAC floor for a payload: the bytes our sync store signs for it. */
export async function hmacFloorFor(payload: PayloadName): Promise<() => string> {
  const token = await (await SUBJECTS[OURS_SYNC]!()).save(PAYLOADS[payload]);
  return hmacFloor(token.slice(0, token.lastIndexOf(':')));
}

/** A subject by name, the HMAC floor included (its operations all one HMAC, on the payload it is given). */
export async function prepareNamed(name: string, payload: CaseName): Promise<Prepared & { async: boolean }> {
  if (name === HMAC_FLOOR) {
    const hmac = await hmacFloorFor(payload === 'largeDjango' ? 'large' : payload);
    return { cookie: '', async: false, ops: { save: hmac, load: hmac, roundtrip: hmac } };
  }
  const subject = await SUBJECTS[name]!();
  return { ...(await prepare(subject, payload)), async: subject.async };
}
