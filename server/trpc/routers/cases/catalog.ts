import { searchCatalog } from '../../../cases/catalog/catalog-search.ts';
import { permission } from '../../init.ts';
import { catalogInput } from './cases.types.ts';

/** Search the bundled MITRE ATT&CK techniques or VERIS categories, for the tag pickers. */
export const catalogProcedure = permission('cases:read')
  .input(catalogInput)
  .query(({ input }) => searchCatalog(input.catalog, input.q, input.limit));
