import type en from "./en";

const organise: Record<keyof typeof en, string> = {
  nav: "Organizar",
  title: "Organizar",
  lead: "Herramientas para unir a las familias de {community}.",
  leadNoName: "Herramientas para unir a las familias de tu comunidad escolar.",
  role_LEADER: "Aquí eres madre o padre líder.",
  role_STAFF: "Aquí eres personal de la escuela.",
  role_ADMIN: "Tú administras esta comunidad.",

  invitesTitle: "Invitar a familias",
  invitesLead: "Comparte un código o un enlace de invitación con las familias que conoces. Se unen al instante y la escuela las verifica.",
  activeInvites_one: "{count} código de invitación que puedes compartir",
  activeInvites_other: "{count} códigos de invitación que puedes compartir",
  joinedWith_one: "{count} persona se unió con estos códigos",
  joinedWith_other: "{count} personas se unieron con estos códigos",
  joinedNone: "Todavía nadie se ha unido con estos códigos.",
  noInvitesYet: "Todavía no hay códigos de invitación.",
  invitesOpen: "Crear y compartir invitaciones",
  invitesCouldNotLoad: "No pudimos contar tus invitaciones en este momento.",

  directoryTitle: "Directorio de miembros",
  directoryLead: "Encuentra a las familias de tu comunidad escolar: los idiomas que hablan y las fortalezas que comparten, tal como cada una decidió mostrar.",
  adminTitle: "Administración de Village",
  adminLead: "Crea una comunidad escolar e invita a su primer miembro del personal.",
  adminOpen: "Abrir la administración",
  directoryOpen: "Abrir el directorio",

  organisingTitle: "Lo que organizas",
  organisingEmpty: "Aquí aparecerán los grupos, eventos y viajes compartidos.",
  organisingEmptyHint: "Cuando Village pueda gestionarlos, aquí verás los grupos, eventos y viajes compartidos que coordinas, con lo que necesita tu atención.",

  membersTitle: "Directorio de miembros",
  membersLead: "Miembros verificados que decidieron aparecer.",
  search: "Buscar por nombre",
  searchHint: "Escribe parte de un nombre.",
  noMembers: "Todavía no hay nadie en el directorio.",
  noMatch: "Nadie en el directorio coincide con «{search}».",
  showMore: "Mostrar más",
  backToOrganise: "Volver a Organizar",
  memberRole_LEADER: "Madre o padre líder",
  memberRole_STAFF: "Personal de la escuela",
  memberRole_ADMIN: "Administración de la comunidad",
  speaks: "Habla {languages}",
  strengths: "Fortalezas: {strengths}",
  privateDetails: "Mantiene privados sus idiomas y fortalezas.",
  lang_en: "inglés",
  lang_es: "español",
  couldNotLoad: "No pudimos cargar el directorio.",
};

export default organise;
