import { cleanup, fireEvent, render, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport } from "../../api/client";
import { setLang } from "../../i18n";
import { LogIn, missingFields, SignUp } from "./auth";

let sent: { operationName: string }[] = [];

beforeEach(() => {
  sent = [];
  setTransport(async (body) => {
    sent.push(JSON.parse(body));
    return new Response(JSON.stringify({ data: { signUp: { token: null, viewer: null, errors: [] } } }), { headers: { "Content-Type": "application/json" } });
  });
});
afterEach(() => {
  cleanup();
  setLang("en");
});

const screen = (which: "login" | "signup") => render(<LocationProvider>{which === "login" ? <LogIn /> : <SignUp />}</LocationProvider>);

describe("an empty email", () => {
  it("is said to be required at the field, and nothing is sent", async () => {
    const { getByLabelText, getByRole } = screen("signup");
    fireEvent.input(getByLabelText(/Your name/), { target: { value: "Ana" } });
    fireEvent.input(getByLabelText(/Password/), { target: { value: "a long enough password" } });
    fireEvent.click(getByRole("button", { name: "Create account" }));
    const email = getByLabelText(/Email/) as HTMLInputElement;
    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(email.getAttribute("aria-describedby")!)?.textContent).toBe("Enter your email.");
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(sent).toEqual([]);
  });

  it("says so in Spanish too, on the log-in screen, with the password", async () => {
    setLang("es");
    const { getByLabelText, getByRole, container } = screen("login");
    fireEvent.input(getByLabelText(/Correo electrónico/), { target: { value: "   " } });
    fireEvent.click(getByRole("button", { name: "Iniciar sesión" }));
    await waitFor(() => expect(container.textContent).toContain("Escribe tu correo electrónico."));
    expect(container.textContent).toContain("Escribe tu contraseña.");
    expect(sent).toEqual([]);
  });

  it("is the only thing checked before the server: a typed address goes to it as it is", () => {
    expect(missingFields("")).toEqual({ email: "Enter your email." });
    expect(missingFields("not-an-email")).toEqual({});
    expect(missingFields("ana@example.org", "")).toEqual({ password: "Enter your password." });
  });
});
