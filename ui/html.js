import { h } from 'preact';
import htm from 'htm';

/** JSX-like templates without a build step: htm tagged templates over Preact. */
export const html = htm.bind(h);
