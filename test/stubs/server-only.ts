// `server-only` throws when imported outside React's server bundle; under Vitest route handlers
// and server modules run in plain Node, which is the server, so the guard has nothing to guard.
export {};
