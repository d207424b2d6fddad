// The contract between the PWA and the API: schemas, domain rules, protocol. No I/O.
// constants/ holds the vocabulary (enums as arrays, labels, the types they name) with no zod,
// so a screen that imports only from it (through this barrel: "sideEffects": false) loads
// no validator; schemas/ re-export it, so either path names the same binding.

export * from './constants/attachment';
export * from './constants/case';
export * from './constants/errors';
export * from './constants/mediation';
export * from './constants/unit';
export * from './constants/user';
export * from './domain/action-time';
export * from './domain/amounts';
export * from './domain/calendar-2026';
export * from './domain/capital-numerals';
export * from './domain/clock137';
export * from './domain/digest-sms';
export * from './domain/duplicates';
export * from './domain/employers';
export * from './domain/instalments';
export * from './domain/insurance';
export * from './domain/masking';
export * from './domain/next-step';
export * from './domain/resolution-sms';
export * from './domain/sms-templates';
export * from './domain/status-machine';
export * from './domain/today';
export * from './domain/visit-plan';
export * from './domain/working-days';
export * from './i18n/event-notes';
export * from './i18n/messages';
export * from './mutators';
export * from './protocol/errors';
export * from './protocol/instalment-mutations';
export * from './protocol/mutations';
export * from './protocol/office-mutations';
export * from './protocol/pull';
export * from './protocol/push';
export * from './protocol/reads';
export * from './protocol/version';
export * from './schemas/admin';
export * from './schemas/attachment';
export * from './schemas/case';
export * from './schemas/case-event';
export * from './schemas/fields';
export * from './schemas/mediation';
export * from './schemas/public';
export * from './schemas/unit';
export * from './schemas/user';
export * from './validation/credit-code';
export * from './validation/dates';
export * from './validation/limits';
export * from './validation/mobile';
export * from './validation/money';
export * from './validation/names';
export * from './validation/password';
export * from './validation/resident-id';
export * from './validation/width';
