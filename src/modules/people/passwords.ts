import { hash, verify } from "@node-rs/argon2";

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum), about 50 ms here. */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a crash
  }
}

/** Compared against when the login does not exist, so a wrong login and a wrong password take as long. */
export const DECOY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$XoR3Tu/sQVOgsXJ9YYERIw$SZT6F4d4K0dH08ZsWgyrq69IlarbNdznMZ+ykVxQ1Hg";
