// CKAN also answers without the version in the path (/api/action/...).
export { GET, POST } from '../3/action/[action].ts';

export const prerender = false;
