/** One long-lived Django process per series answering JSON requests line by line (django_login_helper.py). */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { djangoPath, PYTHON, type Series } from './django.js';

const HELPER = fileURLToPath(new URL('./django_login_helper.py', import.meta.url));

export class DjangoHelper {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: { resolve: (answer: Record<string, unknown>) => void; reject: (error: Error) => void }[] = [];
  #stderr = '';
  #exited: Error | undefined;

  constructor(series: Series) {
    this.#child = spawn(PYTHON, [HELPER], {
      env: { ...process.env, PYTHONPATH: djangoPath(series), PYTHONDONTWRITEBYTECODE: '1' },
    });
    createInterface({ input: this.#child.stdout }).on('line', (line) =>
      this.#pending.shift()?.resolve(JSON.parse(line) as Record<string, unknown>),
    );
    this.#child.stderr.on('data', (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString()).slice(-4000)));
    this.#child.on('exit', (code, signal) => {
      this.#exited = new Error(
        `The Django login helper exited (${signal ?? code}): ${this.#stderr.trim() || 'no output'}`,
      );
      for (const waiter of this.#pending.splice(0)) waiter.reject(this.#exited);
    });
  }

  /** One request; an `error` in the answer (a Python exception) is thrown. */
  async ask(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    const line = `${JSON.stringify(request)}\n`;
    if (this.#exited) throw this.#exited;
    const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#child.stdin.write(line);
    });
    if (typeof answer['error'] === 'string') throw new Error(`Django: ${answer['error']}`);
    return answer;
  }

  close(): void {
    this.#child.stdin.end();
  }
}
