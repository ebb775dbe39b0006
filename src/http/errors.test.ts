import { describe, expect, it } from "vitest";
import { loggable } from "./errors.js";

describe("logging errors", () => {
  it("keeps a database error's shape and drops its parameters and detail, which can hold personal data", () => {
    const error = Object.assign(new Error("duplicate key value violates unique constraint"), {
      code: "23505",
      constraint: "customers_pkey",
      detail: "Key (phone)=(13912345678) already exists.",
      params: ["C-1", "李女士", "13912345678", "长沙市岳麓区金茂悦小区3栋1201"],
      query: "insert into customers …",
    });
    const logged = JSON.stringify(loggable(error));
    expect(logged).toContain("23505");
    expect(logged).toContain("customers_pkey");
    expect(logged).not.toContain("13912345678");
    expect(logged).not.toContain("金茂悦");
  });
});
