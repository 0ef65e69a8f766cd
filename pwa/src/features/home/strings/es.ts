import type en from "./en";

const home: Record<keyof typeof en, string> = {
  greeting: "Hola, {name}",
  greetingNoName: "Hola",
  pendingNotice: "¡Te damos la bienvenida! Tu escuela confirmará tu membresía pronto. Mientras tanto puedes añadir tus fortalezas; verás los pedidos de otras familias cuando la escuela la confirme.",
  suspended: "Tu membresía está suspendida. Comunícate con tu escuela.",
  askForHelp: "Pedir ayuda",
  offerStrength: "Ofrecer una fortaleza",
  myNeedsTitle: "Mis pedidos",
  noMyNeeds: "Ahora no has pedido nada. Cuando te venga bien una mano, pide: aquí hay familias con ganas de ayudar.",
  matchesTitle: "Sugerencias para mí",
  noMatches: "Todavía no hay sugerencias. Añade una fortaleza y te avisaremos cuando a una familia le sirva.",
  nearTitle: "Pedidos cerca de mí",
  needsTitle: "Pedidos de tu comunidad",
  noAreaHint: "Añade tu código postal para ver pedidos cerca de ti.",
  toSettings: "Ir a Ajustes",
  noNearNeeds: "Ahora no hay pedidos abiertos cerca.",
  allNeeds: "Ver todos los pedidos",
  notificationsTitle: "Notificaciones recientes",
  noNotifications: "Nada nuevo. Te avisaremos cuando pase algo.",
  unread: "Nuevo",
  allNotifications: "Ver todas las notificaciones",
  nav: "Inicio",
};
export default home;
