/** A declarative rule file around `body` (its `given`/`then`), as the custom-rule tests write them. */
export function policy(body: string, message = "step '{{step}}' breaks the policy", extra = ''): string {
  return `id: test-policy\ndescription: A policy under test\nseverity: warning\nmessage: "${message}"\nrationale: Why.\nfix: How.\n${extra}${body}`;
}
