import { zhCore } from './zh-core';
import type { zhScreens } from './zh-screens';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Every text of the app: the English catalogue must have exactly these keys. */
export type Messages = Widen<typeof zhCore & typeof zhScreens>;

export { zhCore };
