// Test support for the school's screens (imported by their tests only): a fake GraphQL transport
// that answers each operation by name and records what was sent.
import { setTransport } from "../../api/client";

export type Sent = { operationName: string; variables: Record<string, any> };
export type Answers = Record<string, (v: Record<string, any>) => unknown>;

export const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

/** Answer from `answers()` (read at each call, so a test can change them), recording into `sent`;
 * an operation without an answer gets a GraphQL error. */
export function fakeApi(sent: Sent[], answers: () => Answers): void {
  setTransport(async (body) => {
    const { operationName, variables } = JSON.parse(body) as Sent;
    sent.push({ operationName, variables });
    const answer = answers()[operationName];
    return answer ? json({ data: answer(variables) }) : json({ errors: [{ message: "test", extensions: { code: "INTERNAL" } }] });
  });
}
