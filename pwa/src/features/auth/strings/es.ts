import type en from "./en";

const auth: Record<keyof typeof en, string> = {
  welcomeTitle: "Te damos la bienvenida a Village",
  welcomeLead: "Familias de tu escuela que se ayudan: comparte lo que sabes hacer, pide lo que necesitas.",
  logInTitle: "Iniciar sesión",
  logIn: "Iniciar sesión",
  loggingIn: "Iniciando sesión…",
  signUpTitle: "Crea tu cuenta",
  signUp: "Crear cuenta",
  signingUp: "Creando tu cuenta…",
  email: "Correo electrónico",
  password: "Contraseña",
  emailRequired: "Escribe tu correo electrónico.",
  passwordRequired: "Escribe tu contraseña.",
  passwordHint: "Al menos 10 caracteres.",
  displayName: "Tu nombre",
  displayNameHint: "Cómo te verán otras familias, p. ej. «Ana M.»",
  haveAccount: "¿Ya tienes una cuenta?",
  noAccount: "¿Es tu primera vez en Village?",
  toSignUp: "Crear una cuenta",
  toLogIn: "Iniciar sesión",
  showPassword: "Mostrar contraseña",
  signedOut: "Se cerró tu sesión. Vuelve a iniciar sesión.",
};
export default auth;
