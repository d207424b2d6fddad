/**
 * The English catalogue of a namespace: the Chinese one's keys with string values, and for
 * every counted text (`…_other`, Chinese has one form) also the singular `…_one`.
 */
export type EnglishOf<T> = {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_one` | K : K]: T[K] extends string
    ? string
    : EnglishOf<T[K]>;
};

/**
 * The English catalogue of the app's own texts: the Chinese keys (a counted text's plural
 * form under the plain key, which i18next falls back to after `…_other`), and beside any
 * counted text its singular `…_one`.
 */
export type WithSingulars<T> = {
  [K in keyof T]: T[K] extends string ? string : WithSingulars<T[K]>;
} & {
  [K in keyof T as T[K] extends string ? `${K & string}_one` : never]?: string;
};
