// The contract between the PWA and the API: schemas, domain rules, protocol. No I/O.

export * from './domain/capital-numerals';
export * from './domain/clock137';
export * from './domain/duplicates';
export * from './domain/insurance';
export * from './domain/status-machine';
export * from './domain/visit-plan';
export * from './domain/working-days';
export * from './i18n/messages';
export * from './protocol/errors';
export * from './protocol/mutations';
export * from './protocol/office-mutations';
export * from './protocol/pull';
export * from './protocol/push';
export * from './protocol/version';
export * from './schemas/attachment';
export * from './schemas/case';
export * from './schemas/case-event';
export * from './schemas/fields';
export * from './schemas/mediation';
export * from './schemas/town';
export * from './schemas/user';
export * from './validation/credit-code';
export * from './validation/dates';
export * from './validation/mobile';
export * from './validation/money';
export * from './validation/resident-id';
