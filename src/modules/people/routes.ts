import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access, principalOf, publicAccess } from "../../http/auth.js";
import { forbidden, notFound } from "../../http/problem.js";
import { ProblemSchema, problemResponses } from "../../http/schemas.js";
import { ExternalId } from "../orders/index.js";
import { PROBLEM_TYPES } from "../policy/index.js";
import { STAFF_ROLES, isStaff } from "./model.js";
import { createStaff, login, logout, staffView, updateStaff, type PeopleDeps } from "./service.js";
import { listStaff, staffById } from "./store.js";

const StaffRoleSchema = Type.Enum(STAFF_ROLES);
const StaffView = Type.Object({
  id: Type.String(),
  login: Type.String(),
  name: Type.String(),
  role: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  leaderId: Type.Union([Type.String(), Type.Null()]),
  supplierId: Type.Union([Type.String(), Type.Null()]),
  warehouseId: Type.Union([Type.String(), Type.Null()]),
  skills: Type.Array(Type.String()),
  regions: Type.Array(Type.String()),
  capacity: Type.Integer(),
  onDuty: Type.Boolean(),
  disabled: Type.Boolean(),
});
const Login = Type.String({ minLength: 2, maxLength: 64, pattern: "^[A-Za-z0-9_.@-]+$" });
const Password = Type.String({ minLength: 8, maxLength: 200 });
const Skills = Type.Array(Type.Enum(PROBLEM_TYPES), { maxItems: PROBLEM_TYPES.length, uniqueItems: true, description: "problem types this agent takes; empty: any" });
const Regions = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50, uniqueItems: true, description: "pickup-point cities this agent takes; empty: any" });
const StaffId = Type.Object({ staffId: Type.String({ maxLength: 64 }) });

/** Identity: customer tokens for integrators, staff login and sessions, the staff directory. */
export function peopleRoutes(deps: PeopleDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/customer-tokens",
      {
        config: access("integrator"),
        schema: {
          tags: ["identity"],
          summary: "Issue a token that lets one customer see and claim only their own orders",
          body: Type.Object({ customerId: ExternalId }, { additionalProperties: false }),
          response: { 201: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: "date-time" }) }), 401: ProblemSchema, 403: ProblemSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await deps.credentials.issueCustomerToken(request.body.customerId)),
    );

    app.post(
      "/auth/login",
      {
        // password guessing, and argon2's cost per attempt: 20 attempts a minute from one address
        config: { ...publicAccess, rateLimit: { max: 20, timeWindow: 60_000 } },
        schema: {
          tags: ["identity"],
          summary: "Staff login: a password (argon2id) for a bearer token of one session",
          body: Type.Object({ login: Login, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: "date-time" }), staff: StaffView }), 429: ProblemSchema, ...problemResponses },
        },
      },
      async (request) => {
        const session = await login(deps, request.body.login, request.body.password);
        return { ...session, staff: staffView(session.staff) };
      },
    );

    app.post(
      "/auth/logout",
      { config: access(...STAFF_ROLES), schema: { tags: ["identity"], summary: "End this staff session", response: { 204: Type.Null(), ...problemResponses } } },
      async (request, reply) => {
        const p = principalOf(request);
        if (isStaff(p)) await logout(deps, p.sessionId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/auth/me",
      { config: access(...STAFF_ROLES), schema: { tags: ["identity"], summary: "The member of staff this session belongs to", response: { 200: StaffView, ...problemResponses } } },
      async (request) => {
        const p = principalOf(request);
        const row = isStaff(p) ? await staffById(deps.db, p.staffId) : undefined;
        if (!row) throw notFound("staff", "me");
        return staffView(row);
      },
    );

    app.put(
      "/auth/me/duty",
      {
        config: access(...STAFF_ROLES),
        schema: {
          tags: ["identity"],
          summary: "Go on or off duty: only staff on duty receive automatically assigned cases",
          body: Type.Object({ onDuty: Type.Boolean() }, { additionalProperties: false }),
          response: { 200: StaffView, ...problemResponses },
        },
      },
      async (request) => {
        const p = principalOf(request);
        if (!isStaff(p)) throw forbidden("only staff go on duty");
        return staffView(await updateStaff(deps, p.staffId, { onDuty: request.body.onDuty }));
      },
    );

    app.get(
      "/staff",
      {
        config: access("supervisor", "ops_admin"),
        schema: {
          tags: ["identity"],
          summary: "The staff directory",
          querystring: Type.Object({ role: Type.Optional(StaffRoleSchema), onDuty: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: Type.Object({ staff: Type.Array(StaffView) }), ...problemResponses },
        },
      },
      async (request) => ({ staff: (await listStaff(deps.db, request.query)).map(staffView) }),
    );

    app.post(
      "/staff",
      {
        config: access("ops_admin"),
        schema: {
          tags: ["identity"],
          summary: "Add a member of staff; leaders, warehouse and supplier-quality staff are tied to their party",
          body: Type.Object(
            {
              login: Login,
              name: Type.String({ minLength: 1, maxLength: 60 }),
              role: StaffRoleSchema,
              password: Password,
              phone: Type.Optional(Type.String({ maxLength: 20 })),
              leaderId: Type.Optional(ExternalId),
              supplierId: Type.Optional(ExternalId),
              warehouseId: Type.Optional(ExternalId),
              skills: Type.Optional(Skills),
              regions: Type.Optional(Regions),
              capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: StaffView, ...problemResponses },
        },
      },
      async (request, reply) => reply.status(201).send(staffView(await createStaff(deps.db, request.body))),
    );

    app.patch(
      "/staff/:staffId",
      {
        config: access("supervisor", "ops_admin"),
        schema: {
          tags: ["identity"],
          summary: "Change a member of staff: duty, skills, regions, capacity (supervisor); also role, password, disabling (operations admin)",
          params: StaffId,
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
              role: Type.Optional(StaffRoleSchema),
              password: Type.Optional(Password),
              phone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
              skills: Type.Optional(Skills),
              regions: Type.Optional(Regions),
              capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
              onDuty: Type.Optional(Type.Boolean()),
              disabled: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: StaffView, ...problemResponses },
        },
      },
      async (request) => {
        const p = principalOf(request);
        const b = request.body;
        const adminOnly = (["name", "role", "password", "phone", "disabled"] as const).filter((k) => b[k] !== undefined);
        if (isStaff(p) && p.role === "supervisor" && adminOnly.length) throw forbidden(`a supervisor may not change ${adminOnly.join(", ")}`);
        return staffView(await updateStaff(deps, request.params.staffId, b));
      },
    );
  };
}
