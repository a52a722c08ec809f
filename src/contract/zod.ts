// Zod with Russian messages: every contract file imports `z` from here, so a validation error
// reads the same in the API's problem+json and under a form field.
import { z } from 'zod';
import { ru } from 'zod/v4/locales';

z.config(ru());

export { z };
