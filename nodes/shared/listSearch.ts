import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import {
	type ApiRequest,
	describeFailure,
	nodeApiError,
	type ProviderProfile,
	redact,
	type RetryPolicy,
	secretValues,
	sendWithRetries,
	succeeded,
} from './transport';

/** One page of candidates as the provider listed it, and where the next page starts. */
export interface SearchPage {
	items: INodeListSearchItems[];
	next?: string;
	/** The provider applied the search text itself: its items are all matches. */
	searched?: boolean;
}

/** What a provider's lister gets: the user's search text and a way to ask its API. */
export interface SearchRequest {
	/** The search text, trimmed ('' when the user typed none). */
	filter: string;
	/** The `next` of the page before, or undefined for the first page. */
	token?: string;
	/** Sends a request with the node's credential and returns the JSON body, or throws. */
	get(request: Omit<ApiRequest, 'method'>): Promise<unknown>;
	/** "Failed to list <plural>. API error: <details>", for an answer that lacks what it should carry. */
	fail(details: string): Error;
}

/** Pages read for one scroll of the list at most, when a search leaves few of them. */
const MAX_PAGES_PER_SEARCH = 5;
/** A search reads on until it has this many matches (or runs out of pages). */
const ENOUGH_MATCHES = 20;

/** The editor waits for the list: one retry, no long waits. */
const SEARCH_RETRY_POLICY: RetryPolicy = { timeoutMs: 15_000, maxRetries: 1, maxWaitMs: 5_000 };

/**
 * A `listSearch` method for a resource locator: pages through the provider's own list with the
 * node's credential, keeps the candidates whose name or id contains the search text (case
 * aside) unless the provider searched itself, and hands the editor a token to scroll on. Never
 * loads the whole library: at most a few pages per call.
 */
export function defineListSearch(
	provider: ProviderProfile,
	plural: string,
	listPage: (request: SearchRequest) => Promise<SearchPage>,
) {
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const credentials = await this.getCredentials(provider.credentialType);
		const secrets = secretValues(provider, credentials);
		const auth = { credentialType: provider.credentialType, credentials };
		const fail = (details: string, httpCode?: string) =>
			nodeApiError(
				this.getNode(),
				`Failed to list ${plural}. API error: ${redact(details, secrets)}`,
				httpCode,
			);
		const get = async (request: Omit<ApiRequest, 'method'>): Promise<unknown> => {
			const response = await sendWithRetries(
				this,
				auth,
				provider.baseUrl(credentials),
				{ ...request, method: 'GET' },
				SEARCH_RETRY_POLICY,
			);
			if (succeeded(response, provider)) return response.body;
			const httpCode = response.statusCode > 0 ? String(response.statusCode) : undefined;
			throw fail(describeFailure(response, provider), httpCode);
		};
		const search = (filter ?? '').trim();
		const results: INodeListSearchItems[] = [];
		let token = paginationToken || undefined;
		for (let page = 0; page < MAX_PAGES_PER_SEARCH; page++) {
			const { items, next, searched } = await listPage({ filter: search, token, get, fail });
			results.push(...(searched ? items : items.filter((item) => matches(item, search))));
			token = next;
			// Only a search can leave a page short of matches; a plain list is one page a scroll.
			if (token === undefined || searched || search === '' || results.length >= ENOUGH_MATCHES)
				break;
		}
		return { results, paginationToken: token };
	};
}

function matches(item: INodeListSearchItems, search: string): boolean {
	if (search === '') return true;
	const wanted = search.toLowerCase();
	return (
		item.name.toLowerCase().includes(wanted) || String(item.value).toLowerCase().includes(wanted)
	);
}
