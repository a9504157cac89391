/**
 * A route's hooks of one kind (none, one function, or a list) with `hook`
 * added last, once: fastify copies a GET's options into the HEAD route it
 * adds, so an onRoute hook may see the same list twice.
 */
export function withHook<H>(existing: H | H[] | undefined, hook: H): H[] {
  const hooks = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  return hooks.includes(hook) ? hooks : [...hooks, hook];
}
