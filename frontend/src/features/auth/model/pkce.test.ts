import { describe, expect, it } from "vitest";
import { base64UrlEncode, challengeFor, createVerifier } from "./pkce";

describe("PKCE", () => {
  it("computes the S256 challenge of RFC 7636 appendix B", async () => {
    expect(await challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes 43-character URL-safe verifiers that differ each time", () => {
    const a = createVerifier();
    const b = createVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it("encodes base64url without padding", () => {
    expect(base64UrlEncode(new Uint8Array([251, 255]))).toBe("-_8");
  });
});
