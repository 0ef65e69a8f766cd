import type en from "./en";

const admin: Record<keyof typeof en, string> = {
  nav: "Admin",
  title: "Administración",
  lead: "Crea una comunidad escolar y entrégasela a la primera persona del personal de la escuela.",

  communitiesTitle: "Tus comunidades",
  noCommunities: "Todavía no estás en ninguna comunidad. Crea la primera aquí abajo.",
  role_CAREGIVER: "Familia",
  role_LEADER: "Madre o padre líder",
  role_STAFF: "Personal de la escuela",
  role_ADMIN: "Administración",
  state_PENDING: "esperando verificación",
  state_SUSPENDED: "suspendida",
  waiting_one: "{count} miembro espera verificación",
  waiting_other: "{count} miembros esperan verificación",
  current: "Estás viendo esta comunidad.",
  switchTo: "Usar {name}",
  communityFacts: "{timezone} · {languages}",
  couldNotLoad: "No pudimos cargar tus comunidades.",
  couldNotLoadOne: "No pudimos cargar esta comunidad.",

  createTitle: "Crear una comunidad",
  createLead: "Una comunidad es una escuela, un distrito o un centro del barrio. Tú serás su administrador; después, su personal invita y verifica a las familias.",
  name: "Nombre",
  nameHint: "Como lo conocen las familias, p. ej. «Escuela Lincoln».",
  description: "Descripción (opcional)",
  descriptionHint: "Una o dos frases que las familias ven al unirse.",
  timezone: "Zona horaria",
  timezoneHint: "La zona horaria de la escuela: la usan los viajes compartidos, los eventos y los recordatorios.",
  languages: "Idiomas que hablan las familias",
  lang_en: "Inglés",
  lang_es: "Español",
  create: "Crear la comunidad",
  creating: "Creando…",

  createdTitle: "{name} está lista",
  createdLead: "Eres su administrador. Ahora entrégasela a la escuela.",
  staffInviteTitle: "Invita a la primera persona del personal",
  staffInviteExplain: "Da este código a la primera persona del personal de la escuela (la directora o el director, o quien se encarga de la relación con las familias). Funciona una sola vez y caduca en 14 días.",
  code: "Código",
  worksUntil: "Funciona hasta",
  staffInviteNext: "Cuando se haya unido, verifícala: entonces podrá invitar y verificar a familias y a más personal.",
  noStaffInvite: "La comunidad se creó, pero no recibimos la invitación para el personal. Crea una desde la pantalla de invitaciones de la nueva comunidad.",
  createAnother: "Crear otra comunidad",
};

export default admin;
