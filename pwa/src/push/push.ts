// Web Push on this device: owned by the notifications screens (see settings).
export async function recheckSubscription(): Promise<void> {}
