/** Request header proxy.ts sets to the page's path (any client-sent value is overwritten); app/forbidden.tsx reads it. */
export const PATH_HEADER = 'x-picket-path';
