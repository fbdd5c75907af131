import type { SessionStore } from 'signed-cookie-session';
import type { Visit } from './visit.js';

declare global {
  namespace App {
    interface Locals {
      session: SessionStore<Visit>;
    }
  }
}

export {};
