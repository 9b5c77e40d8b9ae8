import { expect, type Locator } from '@playwright/test';

/**
 * Chooses an option of one of the desk's selects (renderer/ui/Select.tsx) as a person does: a
 * click on the select opens its list, a click on the option (found by its role and its words)
 * chooses it and closes the list. (What the choice does is the caller's to check: a lead's new
 * status may move its row out of the list.)
 */
export async function chooseOption(select: Locator, option: string | RegExp): Promise<void> {
  await expect(select).toHaveRole('combobox');
  await select.click();
  const list = select.page().getByRole('listbox');
  await list.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  await expect(list).toBeHidden();
}
