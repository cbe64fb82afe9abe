import { hash, verify } from '@node-rs/argon2';
import { passwordProblems } from '@beacon/domain';
import { AppError } from '../../errors.ts';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
// `algorithm: 2` is Algorithm.Argon2id, a const enum that isolated modules cannot import.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password);

/** Compared against when the username is unknown, so a miss costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;
export const decoy = () => (decoyHash ??= hashPassword('decoy-password-never-matches'));

export function assertPasswordPolicy(password: string, field = 'password'): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new AppError('VALIDATION', problems.join('；'), {
      details: problems.map((reason) => ({ field, reason })),
    });
  }
}
