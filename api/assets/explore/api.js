// The explorer's one way to the data: a GraphQL operation of
// queries/*.graphql (served together as queries.js), POSTed to /graphql.

import operations from './queries.js';

// The editor key pasted into the page: in this module's memory only, never
// stored, sent only with the review mutations.
let editorKey = null;

/** Keeps the editor key for this page's life (an empty one forgets it). */
export function setEditorKey(key) {
  editorKey = key && key.trim() ? key.trim() : null;
}

/** Whether an editor key was given. */
export function hasEditorKey() {
  return editorKey !== null;
}

/** A GraphQL error, with its `extensions.code` (`CONFLICT`, `UNAUTHENTICATED`, …). */
export class ApiError extends Error {
  constructor(message, code, extensions) {
    super(message);
    this.code = code;
    this.extensions = extensions || {};
  }
}

/**
 * Runs the operation `name` with `variables`; its data, or an ApiError
 * carrying the first error's code. `signal` aborts it; `editor` sends the key.
 * With `partial` (a function), an answer that has data beside its errors
 * (one field of several failed) gives its data, and the first error to
 * `partial`.
 */
export async function run(name, variables, { signal, editor = false, partial = null } = {}) {
  const query = operations[name];
  if (!query) throw new ApiError(`no operation ${name}`, 'CLIENT');
  const headers = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (editor && editorKey) headers.authorization = `Bearer ${editorKey}`;
  const response = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal,
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`the server answered ${response.status}`, `HTTP_${response.status}`);
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const extensions = first.extensions || {};
    const error = new ApiError(first.message, extensions.code || 'ERROR', extensions);
    if (!partial || !body.data) throw error;
    partial(error);
  }
  return body.data;
}
