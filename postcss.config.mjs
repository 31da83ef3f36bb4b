// Tailwind v4 runs as a PostCSS plugin inside `next build`; globals.css imports it.
export default { plugins: { '@tailwindcss/postcss': {} } };
