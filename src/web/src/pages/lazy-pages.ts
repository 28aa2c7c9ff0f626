// The screens loaded when first opened. Kept apart from App so that a screen can ask for the
// next one's code ahead of the click (the queue for the case page) without importing App.
export const loadCasePage = () =>
  import('./CasePage').then((module) => ({ default: module.CasePage }));
