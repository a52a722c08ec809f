import type { Ctx } from '../context.js';

export async function seedDemo(_ctx: Ctx): Promise<void> {}
export function printDemoLogins(url: string) {
  console.log(`ЕБППК: ${url}`);
}
