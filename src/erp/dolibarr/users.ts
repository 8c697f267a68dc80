import type { DolibarrCore } from './core';
import { segment } from './path';
import { userSchema } from './schemas';
import type { DolUser } from './types';

/** Dolibarr users: ticket assignees and agenda event owners. */

/** The user the API key belongs to. */
export function currentUser(core: DolibarrCore): Promise<DolUser> {
  return core.get({ method: 'GET', path: '/users/info', schema: userSchema });
}

export function findUserByEmail(core: DolibarrCore, email: string): Promise<DolUser | null> {
  return core.find({ method: 'GET', path: `/users/email/${segment(email)}`, schema: userSchema });
}

export function findUserByLogin(core: DolibarrCore, login: string): Promise<DolUser | null> {
  return core.find({ method: 'GET', path: `/users/login/${segment(login)}`, schema: userSchema });
}
