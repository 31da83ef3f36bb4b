import pg from 'pg';

// Timestamps leave as ISO strings, not Date: events go straight back out as JSON, and the
// MozDef schema's utctimestamp is a string. Process-wide by nature of pg's type registry.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) =>
  new Date(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString(),
);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
