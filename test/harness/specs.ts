/**
 * Every request the engine tests make, checked against the providers' own OpenAPI specifications
 * (test/fixtures/provider-specs/, with their provenance): the route and method exist, query
 * parameters are declared and well-typed, JSON and multipart bodies carry only declared fields
 * (an unknown field is a violation) with the required ones, and the auth scheme is one the route
 * takes. Path parameter values are the tests' own data and are not judged. The specs' known
 * faults are waived in one place, `WAIVERS`, each with its reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export interface SeenRequest {
	method: string;
	url: string;
	headers: Record<string, unknown>;
	body: string;
}

type Json = Record<string, unknown>;

interface Spec {
	name: string;
	document: Json;
	ajv: Ajv;
	servers(pathTemplate: string): string[];
}

const SPEC_DIR = path.resolve(__dirname, '../fixtures/provider-specs');

/**
 * What a spec gets wrong (README of provider-specs): the check is waived there, and only there.
 * Key: `<spec> <METHOD> <path template>`.
 */
const WAIVERS: Record<
	string,
	{ reason: string; bodyRequired?: false; extraFields?: string[]; extraQuery?: string[] }
> = {
	'cloudflare DELETE /accounts/{account_id}/images/v1/{image_id}': {
		reason: 'the 2024 spec marks a JSON body as required; the real API takes none',
		bodyRequired: false,
	},
	'cloudflare POST /accounts/{account_id}/images/v1': {
		reason:
			'the 2024 spec lacks the upload fields id and creator (the current API and SDK have them)',
		extraFields: ['id', 'creator'],
	},
	'cloudflare GET /accounts/{account_id}/images/v2': {
		reason: 'the 2024 spec lacks the v2 creator filter (the current API and SDK have it)',
		extraQuery: ['creator'],
	},
};

/**
 * Routes a spec leaves out although the provider has them: not judged (there is nothing to judge
 * by), each with its source. Key: `<spec> <METHOD> <path template>`.
 */
const ROUTES_THE_SPEC_LACKS: Record<string, string> = {
	'cloudflare GET /accounts/{account_id}/images/v1/{image_id}/blob':
		"the 2024 spec lacks the original image's route; cloudflare/cloudflare-typescript src/resources/images/v1/blobs.ts has it (sandbox/RULES.md)",
};

/** Whether a request goes to a route its spec lacks (`ROUTES_THE_SPEC_LACKS`). */
function lackedRoute(spec: Spec, method: string, relative: string): boolean {
	return Object.keys(ROUTES_THE_SPEC_LACKS).some((key) => {
		const [name, verb, template] = key.split(' ');
		return (
			name === spec.name &&
			verb === method.toUpperCase() &&
			new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(relative)
		);
	});
}

function load(name: string): Json {
	return JSON.parse(readFileSync(path.join(SPEC_DIR, `${name}.trimmed.json`), 'utf8')) as Json;
}

const SPECS: Spec[] = ['leonardo', 'cloudflare', 'imagekit'].map((name) => {
	const document = load(name);
	const v31 = String(document.openapi).startsWith('3.1');
	// OpenAPI's own keywords (example, xml, discriminator…) are not JSON Schema: not strict.
	const ajv = v31
		? new Ajv2020({ strict: false, allErrors: true, coerceTypes: false })
		: new Ajv({ strict: false, allErrors: true, coerceTypes: false });
	addFormats(ajv as unknown as Parameters<typeof addFormats>[0]);
	const topServers = ((document.servers as Json[] | undefined) ?? []).map((server) =>
		String(server.url),
	);
	return {
		name,
		document,
		ajv: ajv as unknown as Ajv,
		servers: (template) => {
			const own =
				((document.paths as Record<string, Json>)[template]?.servers as Json[] | undefined) ?? [];
			return [...own.map((server) => String(server.url)), ...topServers];
		},
	};
});

/** The specs' routes by server: which spec a URL belongs to, and its path template. */
function findRoute(url: URL): { spec: Spec; template?: string; relative: string } | undefined {
	for (const spec of SPECS) {
		const paths = spec.document.paths as Record<string, Json>;
		const templates = Object.keys(paths);
		const candidates = new Set(templates.flatMap((template) => spec.servers(template)));
		for (const server of candidates) {
			const base = new URL(server);
			if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname.replace(/\/$/, '')))
				continue;
			const relative = url.pathname.slice(base.pathname.replace(/\/$/, '').length) || '/';
			// A literal route wins over a templated one (`/v1/files/purge` over `/v1/files/{fileId}`).
			const template = templates
				.filter(
					(candidate) =>
						spec.servers(candidate).includes(server) &&
						new RegExp(`^${candidate.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(relative),
				)
				.sort((a, b) => a.split('{').length - b.split('{').length)[0];
			return { spec, template, relative };
		}
	}
	return undefined;
}

const compiled = new Map<string, ValidateFunction>();
function validator(spec: Spec, pointer: string, schema: Json): ValidateFunction {
	const key = `${spec.name}${pointer}`;
	let validate = compiled.get(key);
	if (!validate) {
		validate = spec.ajv.compile(inline(spec, schema, []) as Json);
		compiled.set(key, validate);
	}
	return validate;
}

/**
 * A schema with the spec's `$ref`s put in place (a ref back into itself becomes `{}`), and
 * without OpenAPI's `example`s, which are data, not schema.
 */
function inline(spec: Spec, value: unknown, trail: string[]): unknown {
	if (Array.isArray(value)) return value.map((entry) => inline(spec, entry, trail));
	if (value === null || typeof value !== 'object') return value;
	const node = value as Json;
	if (typeof node.$ref === 'string') {
		if (trail.includes(node.$ref)) return {};
		return inline(spec, resolve(spec, node), [...trail, node.$ref]);
	}
	return Object.fromEntries(
		Object.entries(node)
			.filter(([name]) => name !== 'example' && name !== 'examples')
			.map(([name, entry]) => [
				name,
				name === 'properties'
					? inlineEach(spec, entry, trail)
					: // ImageKit's spec writes nullable types as ["array", null]: JSON Schema's word is "null".
						name === 'type' && Array.isArray(entry)
						? entry.map((type: unknown) => type ?? 'null')
						: inline(spec, entry, trail),
			]),
	);
}

/** `properties` maps names to schemas: a property may be called `type` or `example`. */
function inlineEach(spec: Spec, properties: unknown, trail: string[]): unknown {
	if (properties === null || typeof properties !== 'object') return properties;
	return Object.fromEntries(
		Object.entries(properties as Json).map(([name, schema]) => [name, inline(spec, schema, trail)]),
	);
}

function resolve(spec: Spec, value: Json | undefined): Json | undefined {
	let current = value;
	for (let depth = 0; current && typeof current.$ref === 'string' && depth < 10; depth++) {
		const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
		current = pointer.reduce<unknown>(
			(node, key) => (node as Json | undefined)?.[key],
			spec.document,
		) as Json;
	}
	return current;
}

function header(seen: SeenRequest, name: string): string {
	const value = Object.entries(seen.headers).find(([key]) => key.toLowerCase() === name)?.[1];
	return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}

/** What the spec says is wrong with a request; [] when nothing, undefined when no spec covers it. */
/** nock hands over a body that is not text as hex. */
function bodyText(body: string): string {
	return /^(?:[0-9a-f]{2})+$/.test(body) && body.length > 64
		? Buffer.from(body, 'hex').toString('latin1')
		: body;
}

export function specViolations(seen: SeenRequest): string[] | undefined {
	const url = new URL(seen.url);
	const route = findRoute(url);
	if (!route) return undefined;
	const { spec, template } = route;
	const method = seen.method.toUpperCase();
	const where = `${spec.name} ${method} ${url.pathname}`;
	if (!template && lackedRoute(spec, method, route.relative)) return [];
	if (!template) return [`${where}: no such route in the ${spec.name} spec`];
	const pathItem = (spec.document.paths as Record<string, Json>)[template];
	const operation = pathItem[method.toLowerCase()] as Json | undefined;
	if (!operation) return [`${where}: the ${spec.name} spec has no ${method} on ${template}`];
	const waiver = WAIVERS[`${spec.name} ${method} ${template}`] ?? { reason: '' };
	const problems: string[] = [];

	// Query parameters: declared, required ones present, values of the declared type.
	const parameters = [
		...((pathItem.parameters as Json[]) ?? []),
		...((operation.parameters as Json[]) ?? []),
	]
		.map((parameter) => resolve(spec, parameter) as Json)
		.filter((parameter) => parameter.in === 'query');
	for (const [name, value] of url.searchParams) {
		const declared = parameters.find((parameter) => parameter.name === name);
		if (!declared) {
			if (!waiver.extraQuery?.includes(name))
				problems.push(`${where}: query parameter "${name}" is not in the spec`);
			continue;
		}
		const schema = resolve(spec, declared.schema as Json) ?? {};
		const typed = ['integer', 'number'].includes(String(schema.type)) ? Number(value) : value;
		const validate = validator(spec, `#query/${template}/${name}`, schema);
		if (!validate(typed))
			problems.push(`${where}: query "${name}=${value}": ${spec.ajv.errorsText(validate.errors)}`);
	}
	for (const parameter of parameters) {
		if (parameter.required && !url.searchParams.has(String(parameter.name)))
			problems.push(`${where}: required query parameter "${String(parameter.name)}" is missing`);
	}

	// The body: only declared fields, the required ones present, of the declared types.
	const requestBody = resolve(spec, operation.requestBody as Json | undefined);
	const content = (requestBody?.content as Record<string, Json> | undefined) ?? {};
	const contentType = header(seen, 'content-type');
	if (seen.body === '') {
		if (requestBody?.required && waiver.bodyRequired !== false)
			problems.push(`${where}: the spec requires a body`);
	} else if (contentType.includes('application/json')) {
		const schema = resolve(spec, content['application/json']?.schema as Json | undefined);
		if (!schema) problems.push(`${where}: the spec takes no JSON body here`);
		else {
			const validate = validator(spec, `#body/${method}/${template}`, {
				...schema,
				additionalProperties: false,
			});
			if (!validate(JSON.parse(seen.body)))
				problems.push(`${where}: body: ${spec.ajv.errorsText(validate.errors)}`);
		}
	} else if (contentType.includes('multipart/form-data')) {
		const schema = resolve(spec, content['multipart/form-data']?.schema as Json | undefined);
		if (!schema) problems.push(`${where}: the spec takes no multipart body here`);
		else {
			const declared = Object.keys((schema.properties as Json | undefined) ?? {});
			const sent = [
				...bodyText(seen.body).matchAll(/Content-Disposition: form-data; name="([^"]+)"/g),
			].map((match) => match[1]);
			for (const field of sent)
				if (!declared.includes(field) && !waiver.extraFields?.includes(field))
					problems.push(`${where}: multipart field "${field}" is not in the spec`);
			for (const field of (schema.required as string[] | undefined) ?? [])
				if (!sent.includes(field))
					problems.push(`${where}: required multipart field "${field}" is missing`);
		}
	}

	// Authentication: one of the schemes the route (or the spec) takes.
	const security = (operation.security ?? spec.document.security ?? []) as Array<
		Record<string, unknown>
	>;
	const schemes = ((spec.document.components as Json)?.securitySchemes ?? {}) as Record<
		string,
		Json
	>;
	const authorization = header(seen, 'authorization');
	const satisfied = (name: string) => {
		const scheme = schemes[name] ?? {};
		if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer')
			return /^Bearer \S+/.test(authorization);
		if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic')
			return /^Basic \S+/.test(authorization);
		if (scheme.type === 'apiKey' && scheme.in === 'header')
			return header(seen, String(scheme.name).toLowerCase()) !== '';
		return false;
	};
	if (
		security.length > 0 &&
		!security.some((requirement) => Object.keys(requirement).every(satisfied))
	)
		problems.push(
			`${where}: no authentication the spec takes (${security.map((r) => Object.keys(r).join('+')).join(' | ')})`,
		);
	return problems;
}

/**
 * What the spec says is wrong with an answer to `seen`: its status is one the route declares
 * (or a class of them, `4XX`), and a JSON body matches that answer's schema. Statuses a spec does
 * not declare (Leonardo declares only 200) are not judged. undefined when no spec covers the route.
 */
export function answerViolations(
	seen: SeenRequest,
	status: number,
	body: string,
): string[] | undefined {
	const url = new URL(seen.url);
	const route = findRoute(url);
	if (route && !route.template && lackedRoute(route.spec, seen.method, route.relative)) return [];
	if (!route?.template)
		return route ? [`${route.spec.name} ${seen.method} ${url.pathname}: no such route`] : undefined;
	const { spec, template } = route;
	const operation = (spec.document.paths as Record<string, Json>)[template][
		seen.method.toLowerCase()
	] as Json | undefined;
	if (!operation) return [`${spec.name} ${seen.method} ${template}: no such operation`];
	const responses = (operation.responses ?? {}) as Record<string, Json>;
	const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
	const where = `${spec.name} ${seen.method} ${url.pathname} → ${status}`;
	if (!declared)
		return status >= 200 && status < 300 ? [`${where}: a status the spec does not declare`] : [];
	// Cloudflare 2024's 4XX schemas combine a success envelope with the failure one: none can match.
	if (spec.name === 'cloudflare' && status >= 400) return [];
	const schema = resolve(
		spec,
		((resolve(spec, declared)?.content as Record<string, Json> | undefined) ?? {})[
			'application/json'
		]?.schema as Json | undefined,
	);
	if (!schema) return body.trim() === '' ? [] : [`${where}: the spec declares no JSON body here`];
	if (body.trim() === '') return [`${where}: an empty body where the spec declares one`];
	const validate = validator(spec, `#answer/${seen.method}/${template}/${status}`, schema);
	if (validate(JSON.parse(body))) return [];
	// Cloudflare 2024 caps ids at 32 characters; real ids are 36-character UUIDs, custom ids longer.
	const errors = (validate.errors ?? []).filter(
		(error) =>
			!(
				spec.name === 'cloudflare' &&
				error.keyword === 'maxLength' &&
				/\/id$/.test(error.instancePath)
			),
	);
	return errors.length === 0 ? [] : [`${where}: ${spec.ajv.errorsText(errors)}`];
}

export const SPEC_WAIVERS = WAIVERS;
