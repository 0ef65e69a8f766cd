import type en from "./en";

const notifications: Record<keyof typeof en, string> = {
  title: "Notificaciones",
  lead: "Lo que pasó con tus necesidades, tus ofrecimientos y tus agradecimientos.",
  unread: "Nueva",
  unreadCount_one: "{count} notificación nueva",
  unreadCount_other: "{count} notificaciones nuevas",
  allRead: "Ya lo viste todo.",
  markAllRead: "Marcar todo como leído",
  markingAllRead: "Marcando…",
  markedAllRead: "Todas las notificaciones están marcadas como leídas.",
  markRead: "Marcar como leída",
  showMore: "Ver más",
  loadingMore: "Cargando más…",
  emptyTitle: "Todavía no hay nada aquí",
  emptyBody: "Cuando una familia ofrezca ayuda, pida la tuya o te dé las gracias, lo verás aquí.",
  emptyAction: "Compartir una fortaleza",
  fromActor: "De {name}",
  list: "Tus notificaciones",
  couldNotLoad: "No pudimos cargar tus notificaciones.",
  nav: "Notificaciones",
};
export default notifications;
