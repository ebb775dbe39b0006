/** Who is calling. Staff roles arrive with case handling; this cut knows two kinds of caller. */
export type Principal =
  | { kind: "integrator"; keyId: string; name: string }
  | { kind: "customer"; customerId: string };

export type PrincipalKind = Principal["kind"];

/** Masks a mainland phone number for people who need to recognise it, not call it: 138****5678. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 7) return "*".repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Keeps the district and community of an address, hides the building and door. */
export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  const keep = Math.min(address.length, Math.max(4, Math.floor(address.length / 2)));
  return `${address.slice(0, keep)}****`;
}
