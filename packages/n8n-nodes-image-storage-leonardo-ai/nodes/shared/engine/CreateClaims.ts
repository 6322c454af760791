// Generated from nodes/shared/engine/CreateClaims.ts at the repository's top level by `npm run packages`: edit that file.
import type { CreateClaims } from '../contracts';

/** `CreateClaims` of one node run. */
export class RunCreateClaims implements CreateClaims {
	private readonly owners = new Map<string, number>();

	private readonly underWay = new Map<string, Set<Promise<unknown>>>();

	sending(key: string, sent: Promise<unknown>): void {
		const creates = this.underWay.get(key) ?? new Set<Promise<unknown>>();
		this.underWay.set(key, creates);
		const settled = sent.then(
			() => undefined,
			() => undefined,
		);
		creates.add(settled);
		void settled.then(() => creates.delete(settled));
	}

	made(key: string, itemIndex: number): void {
		this.owners.set(key, itemIndex);
	}

	async claim(key: string, itemIndex: number): Promise<boolean> {
		// A create's answer outranks a look-up: wait for those still under way.
		await Promise.all([...(this.underWay.get(key) ?? [])]);
		const owner = this.owners.get(key);
		if (owner !== undefined && owner !== itemIndex) return false;
		this.owners.set(key, itemIndex);
		return true;
	}
}
