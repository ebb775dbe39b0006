/**
 * Who is calling, and what each role may see. Pure: no database, no HTTP.
 *
 * Customers hold tokens issued through their platform; staff log in with a password; integrators
 * (the platform's back-office systems) use API keys.
 */
export const STAFF_ROLES = ["leader", "agent", "supervisor", "warehouse", "finance", "supplier_quality", "ops_admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLES = ["customer", ...STAFF_ROLES, "integrator"] as const;
export type Role = (typeof ROLES)[number];

/** Staff whose job is working cases from the queue (they may own a case: 首问负责). */
export const CASE_WORKERS = ["agent", "supervisor"] as const satisfies readonly StaffRole[];

/** A member of staff as the server knows them for one request. */
export interface StaffPrincipal {
  kind: "staff";
  staffId: string;
  role: StaffRole;
  name: string;
  /** leader: the leader whose pickup points they see */
  leaderId: string | null;
  /** supplier quality: the supplier whose SKUs and batches they see */
  supplierId: string | null;
  /** warehouse: the warehouse whose returns and reships they handle */
  warehouseId: string | null;
  sessionId: string;
}

export type Principal =
  | { kind: "integrator"; keyId: string; name: string }
  | { kind: "customer"; customerId: string }
  | StaffPrincipal;

export type PrincipalKind = Principal["kind"];

export function roleOf(p: Principal): Role {
  return p.kind === "staff" ? p.role : p.kind;
}

/** How a principal appears in timelines and the audit log: "customer:C1", "staff:S-agent-1", "integrator:key_ab". */
export function actorId(p: Principal): string {
  switch (p.kind) {
    case "customer":
      return `customer:${p.customerId}`;
    case "integrator":
      return `integrator:${p.keyId}`;
    case "staff":
      return `staff:${p.staffId}`;
  }
}

export const isStaff = (p: Principal | null): p is StaffPrincipal => p?.kind === "staff";

export function isStaffRole(s: string): s is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(s);
}

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

export interface Contact {
  name: string;
  phone: string | null;
  address: string | null;
}

/**
 * How much of a customer's contact a role sees (least privilege, seeds 001 and 002): agents and
 * supervisors call customers and arrange reships, so they see it whole; a leader recognises
 * their residents by a masked number; warehouse, finance and operations see it masked; a
 * supplier sees nobody's.
 */
export function contactFor(role: Role, contact: Contact): Contact | null {
  switch (role) {
    case "customer":
    case "agent":
    case "supervisor":
    case "integrator":
      return contact;
    case "leader":
    case "warehouse":
    case "finance":
    case "ops_admin":
      return { name: contact.name, phone: maskPhone(contact.phone), address: maskAddress(contact.address) };
    case "supplier_quality":
      return null;
  }
}
