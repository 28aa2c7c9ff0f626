import { Transform } from 'class-transformer';

/** Query strings carry text: "true"/"false" become booleans, anything else is left for validation to refuse. */
export const BooleanQuery = (): PropertyDecorator =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    return raw;
  });
